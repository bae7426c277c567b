using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Manager.Http.Endpoints;

/// <summary>
/// The operator's dashboard: static files (HTML, CSS, ES modules, nothing to build) from the <c>dashboard</c> folder beside
/// the program, served at <c>/</c> without a token (Part C: the page signs in with one and sends it with every API call).
/// Served before authentication, so a file costs no token lookup; a path that is no file goes on to the API's routes.
/// </summary>
public static class DashboardFiles
{
    /// <summary>Only this origin's scripts, styles and connections; no framing (the page holds a token).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "dashboard");
        if (!Directory.Exists(root)) return app;
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "" });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache"; // revalidate: a new manager version's files are used at once
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
    }
}
