using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Http;

/// <summary>GET /whoami answers the caller's name and role (the dashboard shows the actions of that role).</summary>
public sealed class WhoAmITests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    [Fact]
    public async Task The_operator_and_a_submitter_learn_their_name_and_role()
    {
        var me = await fixture.Client.GetObject("/whoami");
        Assert.Equal("operator", (string?)me["role"]);
        Assert.Null(me["worker_id"]);

        var name = HttpApi.Unique("pipeline");
        var created = await (await fixture.Client.PostJson("/tokens",
            new JsonObject { ["name"] = name, ["role"] = "submitter" }.ToJsonString())).ExpectJson(HttpStatusCode.Created);
        using var submitter = new HttpClient { BaseAddress = fixture.App.BaseAddress }.Authorize((string)created["token"]!);
        var submitterMe = await submitter.GetObject("/whoami");
        Assert.Equal(name, (string?)submitterMe["name"]);
        Assert.Equal("submitter", (string?)submitterMe["role"]);
        Assert.Equal((long)created["id"]!, (long?)submitterMe["token_id"]);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        await (await anonymous.GetAsync("/whoami")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
