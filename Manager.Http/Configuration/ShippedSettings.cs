using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Manager.Http.Configuration;

/// <summary>
/// ASP.NET Core reads appsettings.json from the content root, which is the working directory. Started as
/// documented (<c>dotnet run --project Manager.Http</c> from the repository, or <c>dotnet path/to/Manager.Http.dll</c>),
/// that directory has no appsettings.json, so the one shipped next to the binary was skipped — and with it
/// <c>Logging:LogLevel:Microsoft.AspNetCore = Warning</c>: every request then wrote four Information lines to the
/// console (measured: the GET /healthz ceiling halves). This adds the shipped file, at the place appsettings.json
/// has (before environment variables and the command line, so those still win), when the content root has none.
/// </summary>
public static class ShippedSettings
{
    public static void UseWhenMissing(WebApplicationBuilder builder)
    {
        var binDirectory = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"))
            || !File.Exists(Path.Combine(binDirectory, "appsettings.json")))
            return;
        var sources = builder.Configuration.Sources;
        var index = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is EnvironmentVariablesConfigurationSource { Prefix: null or "" }).i;
        if (index <= 0) index = sources.Count;
        sources.Insert(index, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(binDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });
    }
}
