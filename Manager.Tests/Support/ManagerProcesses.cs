using ManagerProcess = Manager.Bench.ManagerProcess;

namespace Manager.Tests.Support;

/// <summary>The manager built next to these tests, as its own OS process (the crash and restart tests).</summary>
public static class ManagerProcesses
{
    public static string ManagerDll =>
        Path.Combine(Path.GetDirectoryName(typeof(Manager.Http.ManagerHttpAssembly).Assembly.Location)!, "Manager.Http.dll");

    /// <summary>On a real SQLite file in <paramref name="directory"/>, with the test tokens (auth on) and only warnings in its
    /// log; not started yet. <c>using</c> ends it with SIGKILL.</summary>
    public static ManagerProcess OnSqlite(string directory) =>
        new(ManagerDll, Path.Combine(directory, "manager.db"), TestTokens.Arguments, [new("Logging__LogLevel__Default", "Warning")]);
}
