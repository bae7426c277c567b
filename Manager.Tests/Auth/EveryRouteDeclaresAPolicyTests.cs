using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Auth;

/// <summary>
/// Every endpoint the running manager maps names its authorization policy (or is one of the two anonymous probes or the API's description),
/// and is a row of the authorization table, so a new route cannot slip in without its rights being tested.
/// </summary>
public sealed class EveryRouteDeclaresAPolicyTests(AuthScene scene) : IClassFixture<AuthScene>
{
    private static readonly string[] Probes = ["/healthz", "/readyz"];

    /// <summary>The API's description: the OpenAPI document and the interactive reference (Scalar) reading it.</summary>
    private static readonly string[] ApiDescription =
        ["/openapi/{documentName}.json", "/api-reference/{documentName?}", "/api-reference/scalar.js", "/api-reference/scalar.aspnetcore.js", "/api-reference/favicon.svg"];

    private static readonly string[] AnonymousPatterns = [.. Probes, .. ApiDescription];

    private IReadOnlyList<(string Key, RouteEndpoint Endpoint)> Routes() =>
        scene.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => Methods(e).Select(m => ($"{m} {Pattern(e)}", e)))
            .ToList();

    /// <summary>The route pattern as mapped; a group's own route (<c>MapGet("")</c> in <c>/tasks</c>) reads <c>/tasks/</c>.</summary>
    private static string Pattern(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimEnd('/') is { Length: > 0 } p ? p : "/";

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["*"]; // "*": any method

    [Fact]
    public async Task Every_route_requires_a_named_existing_policy_or_is_an_anonymous_probe()
    {
        var policies = scene.App.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var routes = Routes();
        Assert.NotEmpty(routes);
        foreach (var (key, endpoint) in routes)
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(AnonymousPatterns.Contains(Pattern(endpoint)),
                    $"{key} allows anonymous callers; only {string.Join(", ", AnonymousPatterns)} may");
                continue;
            }
            var declared = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            Assert.True(declared.Count > 0, $"{key} declares no authorization (.RequireAuthorization(Policies.X))");
            foreach (var data in declared)
            {
                Assert.False(string.IsNullOrWhiteSpace(data.Policy), $"{key} requires authorization without naming a policy");
                Assert.True(await policies.GetPolicyAsync(data.Policy!) is not null, $"{key} names the unknown policy '{data.Policy}'");
            }
        }
    }

    /// <summary>The probes are answered by routing itself, before authentication, authorization and the rate limiter.</summary>
    [Fact]
    public void The_anonymous_probes_short_circuit_the_middleware()
    {
        var probes = Routes().Where(r => Probes.Contains(Pattern(r.Endpoint))).ToList();
        Assert.Equal(Probes.Length, probes.Count);
        foreach (var (key, endpoint) in probes)
            // ShortCircuit() marks the endpoint with ASP.NET Core's internal ShortCircuitMetadata.
            Assert.True(endpoint.Metadata.Any(m => m.GetType().Name == "ShortCircuitMetadata"), $"{key} runs through the whole middleware pipeline");
    }

    [Fact]
    public void Every_route_is_a_row_of_the_authorization_table_and_every_row_a_route()
    {
        var mapped = Routes().Select(r => r.Key).ToHashSet();
        var table = RouteRights.All.Select(r => r.Key).ToHashSet();

        Assert.True(table.Count == RouteRights.All.Count, "the authorization table has a route twice");
        Assert.True(mapped.IsSubsetOf(table), $"routes without a row in RouteRights: {string.Join(", ", mapped.Except(table))}");
        Assert.True(table.IsSubsetOf(mapped), $"rows of RouteRights that no endpoint maps: {string.Join(", ", table.Except(mapped))}");
        // The table's anonymous rows are exactly the endpoints that allow anonymous callers.
        foreach (var (key, endpoint) in Routes())
            Assert.True(RouteRights.Find(key).Allowed.Contains(CallerKind.NoToken) == endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                $"{key}: the table and the endpoint disagree on whether it is anonymous");
    }
}
