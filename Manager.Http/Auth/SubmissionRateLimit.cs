using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Manager.Http.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on the submission routes, one token bucket per token (per client address without
/// authentication): RateLimit:SubmissionsPerSecond (default 1000; 0 turns it off) refilled every second, up to
/// RateLimit:SubmissionBurst (default twice that) at once. Beyond: 429 with Retry-After.
/// </summary>
public static class SubmissionRateLimit
{
    public const string Policy = "submissions";

    public static IServiceCollection AddSubmissionRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("RateLimit:SubmissionsPerSecond", 1000);
        var burst = configuration.GetValue("RateLimit:SubmissionBurst", perSecond * 2);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                        Title = "Too many submissions",
                        Detail = $"this token may submit {perSecond} per second (bursts of {burst}); retry shortly",
                    },
                });
            };
            options.AddPolicy(Policy, http => perSecond <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetTokenBucketLimiter(
                    http.User.TokenIdOf()?.ToString() ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(burst, 1),
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
        });
    }
}
