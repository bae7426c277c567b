using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>The scene of <see cref="SubmissionRateLimitTests"/>: 2 submissions per second, bursts of 2, per token.</summary>
public sealed class RateLimitedScene : AuthScene
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimit:SubmissionsPerSecond"] = "2",
        ["RateLimit:SubmissionBurst"] = "2",
    };
}

/// <summary>POST /tasks is limited per token: beyond the burst 429 with Retry-After, while another token still submits.</summary>
public sealed class SubmissionRateLimitTests(RateLimitedScene scene) : IClassFixture<RateLimitedScene>
{
    [Fact]
    public async Task A_third_immediate_submission_from_one_token_is_429_with_retry_after_while_another_token_still_submits()
    {
        var refused = await ThirdImmediateSubmissionOfAFreshToken();

        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = Assert.IsType<JsonObject>(JsonNode.Parse(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(429, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), problem.ToJsonString());
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]), problem.ToJsonString());
        Assert.True(refused.Headers.RetryAfter is { Delta: not null } or { Date: not null }, "429 without Retry-After");

        await scene.Bearer((await scene.CreateToken("submitter")).Token).Submit();
        await scene.Bearer(scene.Submitter.Token).Submit();
    }

    [Fact]
    public async Task The_429_is_a_complete_problem_details()
    {
        await (await ThirdImmediateSubmissionOfAFreshToken()).ExpectProblem(HttpStatusCode.TooManyRequests);
    }

    /// <summary>
    /// Two submissions and a third at once from a fresh token; answers the third, which must be refused. The bucket
    /// refills once a second on a timer of its own, so a refill may fall between two requests: such a round proves
    /// nothing either way and a fresh token tries again; a limiter that never refuses fails all three rounds.
    /// </summary>
    private async Task<HttpResponseMessage> ThirdImmediateSubmissionOfAFreshToken()
    {
        var seen = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var client = scene.Bearer((await scene.CreateToken("submitter")).Token);
            await client.Submit();
            await client.Submit();
            var third = await client.PostJson("/tasks", HttpApi.SubmitBody());
            if (third.StatusCode == HttpStatusCode.TooManyRequests) return third;
            seen.Add($"round {round}: {(int)third.StatusCode} {await third.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        }
        Assert.Fail($"no third submission was refused beyond the burst of 2:\n{string.Join("\n", seen)}");
        return null!;
    }
}
