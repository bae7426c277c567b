using Manager.Http.Configuration;
using Microsoft.Extensions.Configuration;

namespace Manager.Tests.Support;

/// <summary>Reads operator configuration names (as given on the command line) the way Manager.Http does.</summary>
internal static class OperatorConfiguration
{
    public static ManagerConfiguration Read(params (string Key, string Value)[] settings) =>
        ManagerConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build());
}
