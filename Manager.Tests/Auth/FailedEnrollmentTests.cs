using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>A scene whose asks give up after 2 s, so a worker whose journal writes fail is answered 503 soon.</summary>
public sealed class ShortAskScene : AuthScene
{
    protected override IReadOnlyDictionary<string, string?>? Settings =>
        new Dictionary<string, string?> { ["Manager:AskTimeoutSeconds"] = "2" };
}

/// <summary>
/// An enrollment issues the worker's credential before it registers the worker. When the registration then fails
/// (503), the credential never reached the agent: the agent's retry with the enrollment token must enroll the host
/// name, not find it holding a credential nobody has (409 for good).
/// </summary>
public sealed class FailedEnrollmentTests(ShortAskScene scene) : IClassFixture<ShortAskScene>
{
    [Fact]
    public async Task An_enrollment_answered_503_can_be_retried_and_the_retry_gets_a_working_credential()
    {
        var hostname = HttpApi.Unique("retry");
        // Every worker's own journal writes fail (as a full disk would); the registry and the token store still write.
        await Sql("CREATE TRIGGER fail_worker_writes BEFORE INSERT ON journal " +
                  "WHEN NEW.persistence_id LIKE 'worker-%' AND NEW.persistence_id <> 'worker-registry' " +
                  "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;");
        try
        {
            var failed = await scene.Enrollment.PostJson("/workers", RouteContext.RegistrationBody(hostname));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }
        finally
        {
            await Sql("DROP TRIGGER fail_worker_writes;");
        }

        var enrolled = await scene.Enrollment.Register(hostname);
        var token = (string?)enrolled["token"];
        Assert.False(string.IsNullOrEmpty(token), $"the retry carries no token: {enrolled}");
        var id = (long)enrolled["id"]!;
        Assert.Null(await scene.Bearer(token!).Poll(id, "rendering"));
    }

    private Task Sql(string statement) => scene.App.ExecuteSqlAsync(statement);
}
