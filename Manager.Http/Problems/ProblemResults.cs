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

    /// <summary>Maps a non-success outcome; a <see cref="DoneOutcome"/> is handled by the caller.</summary>
    public static IResult From(Outcome outcome) => outcome switch
    {
        NotFoundOutcome n => NotFound(n.Detail),
        ConflictOutcome c => Conflict(c.Detail),
        ForbiddenOutcome f => Forbidden(f.Detail),
        InvalidOutcome i => Unprocessable(i.Detail, i.Errors.ToDictionary(kv => kv.Key, kv => kv.Value)),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "not a failure"),
    };
}
