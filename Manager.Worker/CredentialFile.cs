using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// <c>&lt;work-dir&gt;/worker-credential.json</c>: written atomically (a temporary file renamed over
/// it) and readable only by its owner (mode 0600 on Unix), because it holds a secret.
/// </summary>
public static class CredentialFile
{
    public const string FileName = "worker-credential.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string workDir) => Path.Combine(workDir, FileName);

    /// <summary>The saved credential, or <c>null</c> when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a credential.</exception>
    public static WorkerCredential? Load(string workDir)
    {
        var path = PathIn(workDir);
        if (!File.Exists(path))
            return null;
        try
        {
            var credential = JsonSerializer.Deserialize<WorkerCredential>(File.ReadAllText(path), ManagerClient.Json);
            if (credential is null || string.IsNullOrEmpty(credential.Token) || string.IsNullOrEmpty(credential.Hostname))
                throw new JsonException("no hostname or token");
            return credential;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a worker credential ({e.Message}); remove it to enroll the worker again");
        }
    }

    public static void Save(string workDir, WorkerCredential credential)
    {
        Directory.CreateDirectory(workDir);
        var path = PathIn(workDir);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly; // never readable by others, not even for a moment
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, credential, ManagerClient.Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // only still there when something failed
        }
    }
}
