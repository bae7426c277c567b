using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;

namespace Manager.Http.Problems;

/// <summary>
/// An actor that does not answer in time (recovering, journal down, singleton moving) is a 503 the
/// client may retry, not a 500.
/// </summary>
public sealed class ActorTimeoutHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (AskTimeoutException or TimeoutException)) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The manager is busy or not ready",
                Detail = "the actors did not answer in time (recovering, journal unreachable or a node moving); retry shortly",
            },
        });
    }
}
