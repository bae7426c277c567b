using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>/tokens: a revocation is in force on the very next request, the list never shows a secret, and only valid tokens are made.</summary>
public sealed class TokenEndpointTests(AuthScene scene) : IClassFixture<AuthScene>
{
    [Fact]
    public async Task A_revoked_token_is_401_on_the_very_next_request()
    {
        var token = await scene.CreateToken("submitter");
        var client = scene.Bearer(token.Token);
        await (await client.GetAsync("/tasks")).Expect(HttpStatusCode.OK);

        await (await scene.Operator.DeleteAsync($"/tokens/{token.Id}")).Expect(HttpStatusCode.NoContent);

        var refused = await client.GetAsync("/tasks");
        await refused.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        Assert.DoesNotContain(await scene.Operator.GetArray("/tokens"), t => (long)t!["id"]! == token.Id);
        await (await scene.Operator.DeleteAsync($"/tokens/{token.Id}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_tokens_never_shows_a_secret()
    {
        var secrets = new List<string> { TestTokens.Operator, TestTokens.Enrollment };
        foreach (var role in new[] { "submitter", "operator", "enrollment" }) secrets.Add((await scene.CreateToken(role)).Token);
        secrets.Add((await scene.EnrollWorker()).Token);

        var listed = await (await scene.Operator.GetAsync("/tokens")).Expect(HttpStatusCode.OK);
        var tokens = Assert.IsType<JsonArray>(JsonNode.Parse(listed));

        Assert.True(tokens.Count >= secrets.Count, listed);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, listed);
        foreach (var token in tokens.Cast<JsonObject>())
        {
            Assert.False(token.ContainsKey("token"), $"a listed token has a 'token' field: {token}");
            Assert.False(token.ContainsKey("hash"), $"a listed token has a 'hash' field: {token}");
        }
        Assert.Contains(tokens, t => (string?)t!["role"] == "worker");
    }

    [Theory]
    [InlineData("""{"name":"node-17","role":"worker"}""", "role")]
    [InlineData("""{"name":"","role":"submitter"}""", "name")]
    [InlineData("""{"name":"   ","role":"submitter"}""", "name")]
    public async Task Post_tokens_with_a_worker_role_or_an_empty_name_is_422_and_creates_nothing(string body, string field)
    {
        var before = await scene.Operator.GetArray("/tokens");

        var problem = await (await scene.Operator.PostJson("/tokens", body)).ExpectProblem(HttpStatusCode.UnprocessableEntity);

        Assert.True(problem["errors"]?[field] is not null, $"no error for '{field}': {problem}");
        Assert.Equal(before.ToJsonString(), (await scene.Operator.GetArray("/tokens")).ToJsonString());
    }
}
