using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Http;

/// <summary>The dashboard's static files are served at / without a token, with a same-origin-only content security policy.</summary>
public sealed class DashboardFilesTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/js/main.js", "text/javascript")]
    [InlineData("/dashboard.css", "text/css")]
    public async Task A_file_is_served_without_a_token(string path, string mediaType)
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("img-src 'self' data: blob:;", policy); // the last rendered frame is shown through a blob: URL
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_path_that_is_no_file_still_needs_a_token()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        await (await anonymous.GetAsync("/tasks")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
