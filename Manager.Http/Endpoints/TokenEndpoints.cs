using Manager.Actors.Common;
using Manager.Actors.Tokens;
using Manager.Http.Auth;
using Manager.Http.Json;
using Manager.Http.Problems;
using Manager.Http.Views;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

public static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(Policies.Operator);
        tokens.MapPost("", Create).WithSummary("Operator: create a token (201); the secret is in this answer only")
            .Takes<TokenCreation>().Produces<CreatedTokenView>(StatusCodes.Status201Created).Refuses(400, 413, 422);
        tokens.MapGet("", List).WithSummary("Operator: the active tokens, without secrets").Produces<IReadOnlyList<TokenView>>();
        tokens.MapDelete("/{id:long}", Revoke).WithSummary("Operator: revoke a token (204), at once on every node")
            .Produces(StatusCodes.Status204NoContent).Refuses(404);
    }

    private static async Task<IResult> Create(HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var name = body.String("name", required: true);
        var roleWord = body.String("role", required: true);
        if (name is { Length: 0 or > TokenRules.MaxNameLength } || (name is not null && name.Trim().Length == 0))
            body.Invalid("name", $"must be 1 to {TokenRules.MaxNameLength} characters");
        if (roleWord is not null && (!TokenRoleNames.TryParse(roleWord, out var parsed) || parsed == TokenRole.Worker))
            body.Invalid("role", "must be submitter, operator or enrollment (a worker gets its own token when it enrolls)");
        if (body.Problem("cannot create the token") is { } invalid) return invalid;

        TokenRoleNames.TryParse(roleWord, out var role);
        var secret = TokenSecrets.NewSecret();
        var outcome = await actors.Ask(new IssueToken(name!, role, TokenSecrets.Hash(secret), null, context.User.CallerOf().By));
        return outcome.IsDone(out var token)
            ? Results.Json(CreatedTokenView.Of(token, secret), statusCode: StatusCodes.Status201Created)
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> List(ActorGateway actors) =>
        (await actors.Ask(ListTokens.Instance)).IsDone(out var tokens)
            ? Results.Json(tokens.Select(TokenView.Of))
            : ProblemResults.Unavailable("the token store did not answer");

    private static async Task<IResult> Revoke(long id, HttpContext context, ActorGateway actors) =>
        ProblemResults.NoContentOr(await actors.Ask(new RevokeToken(id, context.User.CallerOf().By)));
}
