using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Http.Auth;
using Manager.Http.Json;
using Manager.Http.Problems;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

public static class SettingsEndpoints
{
    public static void MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("", GetAll).RequireAuthorization(Policies.SettingsReader).WithSummary("All settings as {name: value}")
            .Produces<SettingsValues>();
        settings.MapPost("", SetMany).RequireAuthorization(Policies.Operator).WithSummary("Operator: set several settings at once, all or none (204)")
            .Takes<SettingsValues>().Produces(StatusCodes.Status204NoContent).Refuses(400, 413, 422);
        settings.MapGet("/{name}", GetOne).RequireAuthorization(Policies.SettingsReader).WithSummary("One setting as {name, value}")
            .Produces<SettingValue>().Refuses(404);
        settings.MapPatch("/{name}", SetOne).RequireAuthorization(Policies.Operator)
            .WithSummary("Operator: change one setting: body {\"value\": ...}; answers the setting after the change")
            .Takes<SettingChange>().Produces<SettingValue>().Refuses(400, 404, 413, 422);
    }

    private static async Task<IResult> GetAll(ActorGateway actors) =>
        (await actors.Ask(GetSettings.Instance)).IsDone(out var s)
            ? Results.Json(SettingsRules.AllValues(s))
            : ProblemResults.Unavailable("the settings did not answer");

    private static async Task<IResult> GetOne(string name, ActorGateway actors)
    {
        if (!SettingsRules.IsKnown(name)) return ProblemResults.NotFound($"no setting '{name}'");
        return (await actors.Ask(GetSettings.Instance)).IsDone(out var s)
            ? Results.Json(new { name, value = SettingsRules.ValueOf(s, name) })
            : ProblemResults.Unavailable("the settings did not answer");
    }

    private static async Task<IResult> SetMany(HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var values = new Dictionary<string, string>();
        var errors = new Dictionary<string, string[]>();
        foreach (var property in document!.RootElement.EnumerateObject())
        {
            if (SettingsRules.Validate(property.Name, property.Value) is { } error) errors[property.Name] = [error];
            else values[property.Name] = property.Value.GetRawText();
        }
        if (errors.Count > 0) return ProblemResults.Unprocessable("invalid settings; nothing was changed", errors);
        if (values.Count == 0) return ProblemResults.Unprocessable("body", "nothing to change: send {name: value, ...}");
        return ProblemResults.NoContentOr(await actors.Ask(new ChangeSettings(values, context.User.CallerOf().By)));
    }

    private static async Task<IResult> SetOne(string name, HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        if (!SettingsRules.IsKnown(name)) return ProblemResults.NotFound($"no setting '{name}'");
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var value = body.Any("value", required: true);
        if (value is { } v && SettingsRules.Validate(name, v) is { } error) body.Invalid("value", error);
        if (body.Problem($"cannot change setting '{name}'") is { } invalid) return invalid;

        var outcome = await actors.Ask(new ChangeSettings(new Dictionary<string, string> { [name] = value!.Value.GetRawText() },
            context.User.CallerOf().By));
        return outcome.IsDone(out var s)
            ? Results.Json(new { name, value = SettingsRules.ValueOf(s, name) })
            : ProblemResults.From(outcome);
    }
}
