using Manager.Actors.Common;

namespace Manager.Http.Problems;

/// <summary>RFC 9457 answers for everything that is not a success, and the mapping from actor outcomes to them.</summary>
public static class ProblemResults
{
    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        errors is { Count: > 0 }
            ? Results.ValidationProblem(errors, detail, statusCode: StatusCodes.Status400BadRequest, title: "The body cannot be read as the request")
            : Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be read");

    public static IResult Unprocessable(string detail, IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The request is not valid");

    public static IResult Unprocessable(string field, string message) =>
        Unprocessable(message, new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict with the current state");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for this token");

    public static IResult Unauthorized(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required");

    public static IResult TooLarge(long limit) =>
        Results.Problem($"the body is larger than the limit of {limit} bytes", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Body too large");

    public static IResult NotJson(string? contentType) =>
        Results.Problem($"send the body as application/json (got '{contentType ?? "no content type"}')",
            statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    public static IResult Unavailable(string detail, string title = "Not ready") =>
        Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title);

    /// <summary>The problem for a refused outcome (a done one is the caller's to answer).</summary>
    public static IResult From(Outcome outcome) => outcome.Refusal switch
    {
        Refusal.NotFound n => NotFound(n.Detail),
        Refusal.Conflict c => Conflict(c.Detail),
        Refusal.Forbidden f => Forbidden(f.Detail),
        Refusal.Invalid i => Unprocessable(i.Detail, i.Errors.ToDictionary(kv => kv.Key, kv => kv.Value)),
        null => throw new ArgumentException("the outcome is done, not refused", nameof(outcome)),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Refusal.GetType().Name, "no problem for this refusal"),
    };

    /// <summary>204 when done, else the refusal's problem (commands that answer nothing but that they were done).</summary>
    public static IResult NoContentOr(Outcome outcome) => outcome.Refusal is null ? Results.NoContent() : From(outcome);
}
