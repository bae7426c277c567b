using Manager.Rules;

namespace Manager.Tests.Rules;

public class HostnamesTests
{
    [Theory]
    [InlineData("render-01")]
    [InlineData("a")]
    [InlineData("A")]
    [InlineData("7")]
    [InlineData("123")]
    [InlineData("RENDER-01")]
    [InlineData("render-01.farm.example.com")]
    [InlineData("a-b-c")]
    [InlineData("a--b")]
    [InlineData("0x1f")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("10.0.0.1")]
    public void Valid_host_names(string hostname) => Assert.True(Hostnames.IsValid(hostname), hostname);

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("-render")]
    [InlineData("render-")]
    [InlineData("-")]
    [InlineData("farm.-render.com")]
    [InlineData("farm.render-.com")]
    [InlineData("render_01")]
    [InlineData("render 01")]
    [InlineData(" render")]
    [InlineData("render\n")]
    [InlineData("render:5000")]
    [InlineData("render/01")]
    [InlineData("bücher")]
    [InlineData("rеnder")] // Cyrillic 'е'
    [InlineData("render\u00a0")]
    [InlineData("ｒｅｎｄｅｒ")] // full-width letters
    [InlineData("٣")] // Arabic-Indic digit
    [InlineData(".")]
    [InlineData(".render")]
    [InlineData("render.")]
    [InlineData("render..farm")]
    [InlineData("*.farm")]
    public void Invalid_host_names(string? hostname) => Assert.False(Hostnames.IsValid(hostname), hostname);

    [Fact]
    public void A_label_may_have_1_to_63_characters()
    {
        Assert.True(Hostnames.IsValid(new string('a', 63)));
        Assert.False(Hostnames.IsValid(new string('a', 64)));
        Assert.True(Hostnames.IsValid("farm." + new string('b', 63) + ".com"));
        Assert.False(Hostnames.IsValid("farm." + new string('b', 64) + ".com"));
        Assert.True(Hostnames.IsValid("a" + new string('-', 61) + "z"));
        Assert.False(Hostnames.IsValid(new string('-', 63)));
    }

    [Fact]
    public void The_whole_name_may_have_at_most_253_characters()
    {
        // 4 labels of 63 plus one of 1, joined by dots: 4*63 + 1 + 4 dots = 257; trim to the edges.
        var label = new string('x', 63);
        var at253 = string.Join('.', label, label, label, new string('y', 61)); // 63*3 + 61 + 3 = 253
        var at254 = string.Join('.', label, label, label, new string('y', 62));
        Assert.Equal(253, at253.Length);
        Assert.Equal(254, at254.Length);

        Assert.True(Hostnames.IsValid(at253));
        Assert.False(Hostnames.IsValid(at254));
        Assert.False(Hostnames.IsValid(string.Join('.', Enumerable.Repeat("a", 127)) + ".bb")); // 256 chars of short labels
        Assert.True(Hostnames.IsValid(string.Join('.', Enumerable.Repeat("a", 127))));        // 253 chars
    }

    [Fact]
    public void Keys_compare_host_names_case_insensitively()
    {
        Assert.Equal(Hostnames.Key("Render-01.Farm"), Hostnames.Key("render-01.FARM"));
        Assert.Equal("render-01.farm", Hostnames.Key("RENDER-01.Farm"));
        Assert.NotEqual(Hostnames.Key("render-01"), Hostnames.Key("render-02"));
    }

    [Theory]
    [InlineData("RENDER_01", "render-01")]
    [InlineData("my box.local", "my-box.local")]
    [InlineData("Render_Node.01.local", "render-node.01.local")]
    [InlineData("-edge-.", "edge")]
    [InlineData("___", "worker")]
    public void Machine_names_are_made_valid(string machine, string expected)
    {
        Assert.Equal(expected, Hostnames.Sanitize(machine));
        Assert.True(Hostnames.IsValid(Hostnames.Sanitize(machine)));
    }
}
