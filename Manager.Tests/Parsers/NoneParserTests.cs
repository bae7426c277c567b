using Manager.Actors.Parsers;
using Manager.Tests.Support;

namespace Manager.Tests.Parsers;

public class NoneParserTests
{
    private static readonly NoneParser Parser = new();

    [Fact]
    public void Is_named_none() => Assert.Equal("none", Parser.Name);

    [Theory]
    [InlineData("")]
    [InlineData("Fra:1 Mem:1M | Sample 1/1\nSaved: '/out/0001.png'\nError: boom\n")]
    public void Parses_nothing(string chunk) => Assert.Same(ParsedOutput.Nothing, Parser.Parse(chunk));

    [Fact]
    public void Parses_nothing_in_a_real_blender_log()
    {
        var log = File.ReadAllText(Fixtures.Path("blender-3.4.1", "cycles-3-frames-ok.log"));

        Assert.Same(ParsedOutput.Nothing, Parser.Parse(log));
    }
}
