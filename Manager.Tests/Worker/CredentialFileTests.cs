using Manager.Worker;

namespace Manager.Tests.Worker;

public sealed class CredentialFileTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("worker-credential-test-").FullName;

    private static WorkerCredential Credential(long id, string token) =>
        new() { Manager = "http://m:8080/", Hostname = "render-01", WorkerId = id, Token = token };

    [Fact]
    public void A_saved_credential_is_read_back_and_only_its_owner_may_read_it()
    {
        CredentialFile.Save(_workDir, Credential(3, "secret-1"));
        CredentialFile.Save(_workDir, Credential(4, "secret-2")); // replaces it

        Assert.Equal(Credential(4, "secret-2"), CredentialFile.Load(_workDir));
        Assert.Equal([CredentialFile.PathIn(_workDir)], Directory.GetFiles(_workDir)); // no temporary file left
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialFile.PathIn(_workDir)));
        var json = File.ReadAllText(CredentialFile.PathIn(_workDir));
        Assert.Contains("\"worker_id\":4", json);
        Assert.Contains("\"token\":\"secret-2\"", json);
    }

    [Fact]
    public void No_file_is_no_credential_and_a_damaged_file_is_a_clear_error()
    {
        Assert.Null(CredentialFile.Load(_workDir));

        File.WriteAllText(CredentialFile.PathIn(_workDir), "{\"hostname\": \"render-01\"");
        var e = Assert.Throws<InvalidDataException>(() => CredentialFile.Load(_workDir));
        Assert.Contains("remove it to enroll the worker again", e.Message);

        File.WriteAllText(CredentialFile.PathIn(_workDir), "{\"hostname\": \"render-01\", \"worker_id\": 1, \"manager\": \"x\", \"token\": \"\"}");
        Assert.Throws<InvalidDataException>(() => CredentialFile.Load(_workDir));
    }

    public void Dispose() => Directory.Delete(_workDir, recursive: true);
}
