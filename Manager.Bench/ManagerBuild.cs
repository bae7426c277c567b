namespace Manager.Bench;

/// <summary>Which Manager.Http.dll the bench starts.</summary>
public static class ManagerBuild
{
    /// <summary>
    /// <paramref name="given"/> (--manager-dll), else Manager.Http/bin/&lt;same configuration as this program&gt;/net10.0/Manager.Http.dll,
    /// else the other configuration's.
    /// </summary>
    public static string Find(string? given)
    {
        if (given is not null) return Path.GetFullPath(given);
        var root = RepoRoot();
        var mine = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        foreach (var configuration in new[] { mine, mine == "Release" ? "Debug" : "Release" })
        {
            var dll = Path.Combine(root, "Manager.Http", "bin", configuration, "net10.0", "Manager.Http.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new FileNotFoundException(
            $"Manager.Http.dll not found under {root}/Manager.Http/bin; build it first: dotnet build -c Release Manager.Http (or pass --manager-dll)");
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Manager.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
