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

    private static async Task<(BearerTokenHandler Handler, HttpContext Context)> Handler(bool bootstrapDone)
    {
        var known = new KnownTokens();
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
            services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>());
        await handler.InitializeAsync(new AuthenticationScheme(BearerTokenHandler.Scheme, null, typeof(BearerTokenHandler)), context);
        return (handler, context);
    }
}
