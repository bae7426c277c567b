using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>
/// docs/api.md ("Credentials and who may call what") over every route × every caller (<see cref="RouteRights"/>): no, revoked or malformed credentials are
/// 401 with <c>WWW-Authenticate: Bearer</c>; a valid token without the right is 403; a caller with the right succeeds.
/// All of them as problem details.
/// </summary>
public sealed class RouteAuthorizationTests(AuthScene scene) : IClassFixture<AuthScene>
{
    public static TheoryData<string, CallerKind> Cases()
    {
        var cases = new TheoryData<string, CallerKind>();
        foreach (var route in RouteRights.All)
            foreach (var caller in Enum.GetValues<CallerKind>())
                cases.Add(route.Key, caller);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_route_answers_each_caller_by_its_rights(string route, CallerKind caller)
    {
        var right = RouteRights.Find(route);
        var worker = caller == CallerKind.Worker ? await scene.EnrollWorker() : null;
        var request = await right.Build(new RouteContext(scene, caller, worker));
        using var response = await request.SendWith(ClientOf(caller, worker));

        if (right.Allowed.Contains(caller))
        {
            var body = await request.BodyOf(response);
            Assert.True(request.Succeeded(response),
                $"{caller} has the right to {route} but {request.Method} {request.Path} answered {(int)response.StatusCode}: {body}");
        }
        else if (caller is CallerKind.NoToken or CallerKind.RevokedToken or CallerKind.BearerWithoutToken or CallerKind.BasicScheme)
        {
            await response.ExpectProblem(HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
        else
        {
            await response.ExpectProblem(HttpStatusCode.Forbidden);
        }
    }

    private HttpClient ClientOf(CallerKind caller, EnrolledWorker? worker) => caller switch
    {
        CallerKind.Operator => scene.Operator,
        CallerKind.Submitter => scene.Bearer(scene.Submitter.Token),
        CallerKind.Enrollment => scene.Enrollment,
        CallerKind.Worker => scene.Bearer(worker!.Token),
        CallerKind.NoToken => scene.Anonymous,
        CallerKind.RevokedToken => scene.Bearer(scene.Revoked.Token),
        CallerKind.BearerWithoutToken => scene.WithAuthorization("Bearer"),
        CallerKind.BasicScheme => scene.WithAuthorization("Basic x"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };
}
