using Manager.Cli;

namespace Manager.Tests.Cli;

public class ManagerConnectionTests
{
    private static Func<string, string?> Environment(string? url = null, string? token = null) => name => name switch
    {
        "MANAGER_URL" => url,
        "MANAGER_TOKEN" => token,
        _ => null,
    };

    [Fact]
    public void Options_win_over_the_environment()
    {
        var connection = ManagerConnection.Resolve("http://m:9000/farm", "opt-token", Environment("http://env:8080", "env-token"));
        Assert.Equal(new ManagerConnection(new Uri("http://m:9000/farm/"), "opt-token"), connection);
    }

    [Fact]
    public void The_environment_is_read_when_no_option_is_given_and_an_empty_option_counts_as_none()
    {
        var connection = ManagerConnection.Resolve("", null, Environment("https://env:8443", " env-token "));
        Assert.Equal(new ManagerConnection(new Uri("https://env:8443/"), "env-token"), connection);
    }

    [Fact]
    public void Without_either_the_manager_is_the_local_default_and_no_token_is_sent() =>
        Assert.Equal(new ManagerConnection(new Uri("http://localhost:8080/"), null), ManagerConnection.Resolve(null, null, Environment()));

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("ftp://m/")]
    [InlineData("not a url")]
    public void A_url_that_is_not_http_is_a_usage_error_naming_the_option(string url)
    {
        var e = Assert.Throws<UsageException>(() => ManagerConnection.Resolve(url, null, Environment()));
        Assert.Contains("--manager", e.Message);
        Assert.Contains(url, e.Message);
    }
}
