using Manager.Rules;

namespace Manager.Tests.Rules;

/// <summary>Blender's <c>Fra:N</c> line, read by the manager's output parser and by the worker.</summary>
public class BlenderProgressLineTests
{
    [Theory]
    [InlineData("Fra:12 Mem:9M | Time:00:00.04 | Sample 3/8", 12)]
    [InlineData("Fra:1", 1)]
    [InlineData("Fra:-2 Mem:1M", -2)]
    [InlineData("Fra:0007|x", 7)]
    public void A_progress_line_gives_its_frame(string line, long frame)
    {
        Assert.True(BlenderProgressLine.TryParseFrame(line, out var parsed));
        Assert.Equal(frame, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Fra:")]
    [InlineData("Fra:-")]
    [InlineData("Fra: 3")]
    [InlineData("Fra:x")]
    [InlineData(" Fra:3")]
    [InlineData("fra:3")]
    [InlineData("Fra:99999999999999999999")]
    public void Anything_else_is_no_progress_line(string line) => Assert.False(BlenderProgressLine.TryParseFrame(line, out _));
}
