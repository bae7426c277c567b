using Akka.Hosting;
using Manager.Actors.Tokens;
using Manager.Http.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Manager.Tests.Auth;

/// <summary>
/// A starting node answers 503 + Retry-After, never 401, until it can judge a token: after the token store has
/// recovered, the configured operator token may still be on its way into the store (a SIGKILLed manager's workers
/// and scripts are already calling again at that moment).
/// </summary>
public sealed class BearerTokenHandlerTests
{
    private static readonly string Secret = TokenSecrets.NewSecret();

    [Fact]
    public async Task A_known_token_is_answered_503_while_the_start_up_tokens_are_not_in_place()
    {
        var (handler, context) = await Handler(bootstrapDone: false);

        var result = await handler.AuthenticateAsync();
        Assert.True(result.None);
        await handler.ChallengeAsync(null);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Once_they_are_in_place_the_same_token_is_authenticated()
    {
        var (handler, _) = await Handler(bootstrapDone: true);

        var result = await handler.AuthenticateAsync();
        Assert.True(result.Succeeded);
        Assert.True(result.Principal!.IsOperator());
    }

    [Fact]
    public async Task In_a_cluster_a_token_that_reaches_this_node_while_its_request_waits_is_authenticated()
    {
        var known = new KnownTokens();
        var (handler, context) = await Handler(bootstrapDone: true, known, new TokenReplicationWait(TimeSpan.FromSeconds(30)));
        var worker = TokenSecrets.NewSecret();
        context.Request.Headers.Authorization = $"Bearer {worker}";

        // The worker's token was issued through another node: it is not in this node's copy when its request arrives.
        var authenticating = handler.AuthenticateAsync();
        Assert.False(authenticating.IsCompleted, "an unknown token was refused before the copy could catch up");
        known.Replace(known.Table.Apply(new TokenIssued(WorkerToken(worker))), known.Version + 1);

        var result = await authenticating.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Succeeded, result.Failure?.Message);
    }

    [Fact]
    public async Task A_token_nobody_issued_is_refused_once_the_wait_is_over_and_at_once_on_a_single_node()
    {
        var (clustered, clusteredContext) = await Handler(bootstrapDone: true, replication: new TokenReplicationWait(TimeSpan.FromMilliseconds(200)));
        var (single, singleContext) = await Handler(bootstrapDone: true);
        clusteredContext.Request.Headers.Authorization = $"Bearer {TokenSecrets.NewSecret()}";
        singleContext.Request.Headers.Authorization = $"Bearer {TokenSecrets.NewSecret()}";

        var unknownOnSingle = single.AuthenticateAsync();
        Assert.True(unknownOnSingle.IsCompleted, "a single node waited for a copy that is always current");
        Assert.False((await unknownOnSingle).Succeeded);
        Assert.False((await clustered.AuthenticateAsync().WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);
    }

    private static TokenRecord WorkerToken(string secret) =>
        new(7, "worker render-07", TokenRole.Worker, TokenSecrets.Hash(secret), 7, DateTimeOffset.UnixEpoch, "enrollment");

    private static async Task<(BearerTokenHandler Handler, HttpContext Context)> Handler(bool bootstrapDone, KnownTokens? tokens = null,
        TokenReplicationWait? replication = null)
    {
        var known = tokens ?? new KnownTokens();
        known.Replace(TokenTable.Of([new TokenRecord(1, "operator", TokenRole.Operator, TokenSecrets.Hash(Secret), null, DateTimeOffset.UnixEpoch, "manager")]), 1);
        // With Auth:Enabled=false the bootstrap completes at once without asking any actor; enabled, it waits for its store.
        var auth = new AuthSettings(Enabled: true, null, null, Path.GetTempPath());
        var bootstrap = new TokenBootstrap(bootstrapDone ? auth with { Enabled = false } : auth, new ActorRegistry(), known,
            NullLogger<TokenBootstrap>.Instance);
        if (bootstrapDone)
        {
            await bootstrap.StartAsync(CancellationToken.None);
            await bootstrap.Done.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.Authorization = $"Bearer {Secret}";
        var handler = new BearerTokenHandler(known, new AuthenticatedPrincipals(known), auth, bootstrap,
            services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), replication ?? TokenReplicationWait.None);
        await handler.InitializeAsync(new AuthenticationScheme(BearerTokenHandler.Scheme, null, typeof(BearerTokenHandler)), context);
        return (handler, context);
    }
}
