using Manager.Rules;

namespace Manager.Tests.Rules;

/// <summary>Blender's <c>Error: …</c> line, read by the manager's output parser and by the worker, and written by the worker.</summary>
public class BlenderErrorLineTests
{
    [Theory]
    [InlineData("Error: Cannot read file '/srv/render/shots/missing.blend': No such file or directory", "Cannot read file '/srv/render/shots/missing.blend': No such file or directory")]
    [InlineData("Error:   padded  \r", "padded")]
    public void An_error_line_gives_its_text(string line, string text)
    {
        Assert.True(BlenderErrorLine.TryParse(line, out var parsed));
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("Error:")]
    [InlineData("Error: ")]
    [InlineData("Error:no space")]
    [InlineData("Fra:1 Mem:9.05M | Error: inside a status line")]
    [InlineData("error: lower case is not Blender's")]
    [InlineData("")]
    public void Other_lines_are_not_error_lines(string line) => Assert.False(BlenderErrorLine.TryParse(line, out _));

    [Fact]
    public void A_message_becomes_one_error_line_and_an_error_line_stays_as_it_is()
    {
        Assert.Equal("Error: program '/bin/rm' is not allowed on this worker", BlenderErrorLine.Of("program '/bin/rm' is not allowed\non this worker"));
        Assert.Equal("Error: already prefixed", BlenderErrorLine.Of("Error: already prefixed"));
        Assert.True(BlenderErrorLine.TryParse(BlenderErrorLine.Of("Error:no space"), out var text));
        Assert.Equal("Error:no space", text.ToString());
    }
}
