using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>The scene of <see cref="AuthDisabledTests"/>: a manager with Auth:Enabled=false.</summary>
public sealed class AuthDisabledScene : AuthScene
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:Enabled"] = "false" };
}

/// <summary>Auth:Enabled=false is the original API's trusted network: every route works without credentials, as an operator.</summary>
public sealed class AuthDisabledTests(AuthDisabledScene scene) : IClassFixture<AuthDisabledScene>
{
    public static TheoryData<string> Routes() => new(RouteRights.All.Select(r => r.Key));

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_works_without_a_header_as_an_operator(string route)
    {
        var request = await RouteRights.Find(route).Build(new RouteContext(scene, CallerKind.Operator, null));

        using var response = await request.SendWith(scene.Anonymous);

        var body = await request.BodyOf(response);
        Assert.True(request.Succeeded(response), $"{request.Method} {request.Path} without a header answered {(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task Exec_command_needs_no_token()
    {
        await scene.Anonymous.Submit(HttpApi.ExecSettings("/bin/true"), "exec_command");
    }

    [Fact]
    public async Task The_registration_answer_carries_no_token()
    {
        var entry = await scene.Anonymous.Register(HttpApi.Unique("render"));

        Assert.False(entry.ContainsKey("token"), $"a registration with authentication off answered a token: {entry}");
    }
}
