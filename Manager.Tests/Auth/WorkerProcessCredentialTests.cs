using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Manager.Worker;

namespace Manager.Tests.Auth;

/// <summary>
/// The reference worker as a real process against a real manager: it enrolls with the enrollment token, keeps its own
/// credential (mode 0600) in its work dir, and after a kill comes back with that credential alone as the same worker.
/// </summary>
public sealed class WorkerProcessCredentialTests(AuthScene scene) : IClassFixture<AuthScene>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _workDir = new("worker-process");

    [Fact]
    public async Task A_killed_worker_restarted_without_the_enrollment_token_re_registers_as_the_same_worker()
    {
        var hostname = HttpApi.Unique("proc");
        var credential = CredentialFile.PathIn(_workDir.Path);
        long id;
        using (var first = WorkerProcess.Start(scene.App.BaseAddress, hostname, _workDir.Path, TestTokens.Enrollment))
        {
            await first.WaitForLine("enrolled as worker", Bound);
            await Wait.Until(() => File.Exists(credential), Bound, $"{credential} exists");
            id = await WorkerIdOf(hostname, first);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credential));
            var saved = JsonNode.Parse(await File.ReadAllTextAsync(credential))!;
            Assert.Equal(id, (long)saved["worker_id"]!);
            Assert.Equal(hostname, (string?)saved["hostname"]);
            first.Kill();
        }
        var workers = (await scene.Operator.GetObject("/workers")).Count;

        using var second = WorkerProcess.Start(scene.App.BaseAddress, hostname, _workDir.Path, enrollmentToken: null);
        await second.WaitForLine($"registered as worker {id} ", Bound);
        // It goes on working with its own token: a poll after the registration, and no refusal.
        var registeredAt = DateTimeOffset.UtcNow;
        await Until(async () => await LastSeen(hostname) > registeredAt, second, "the restarted worker polls the manager");

        Assert.False(second.HasExited, second.Output);
        Assert.DoesNotContain("enrolled", second.Output);
        var listed = await scene.Operator.GetObject("/workers");
        Assert.Equal(workers, listed.Count);
        Assert.Equal(id, (long)listed[hostname]!["id"]!);
        Assert.Single(await scene.Operator.GetArray("/tokens"), t => (long?)t!["worker_id"] == id);
    }

    private async Task<long> WorkerIdOf(string hostname, WorkerProcess worker)
    {
        JsonNode? entry = null;
        await Until(async () => (entry = (await scene.Operator.GetObject("/workers"))[hostname]) is not null, worker, $"GET /workers shows {hostname}");
        return (long)entry!["id"]!;
    }

    private async Task<DateTimeOffset?> LastSeen(string hostname) =>
        (await scene.Operator.GetObject("/workers"))[hostname]?["last_seen"] is { } seen ? DateTimeOffset.Parse((string)seen!) : null;

    /// <summary>Polls <paramref name="condition"/>; fails at once when the worker exits, and shows its output either way.</summary>
    private static Task Until(Func<Task<bool>> condition, WorkerProcess worker, string what) =>
        Wait.Until(async () =>
        {
            if (await condition()) return true;
            if (worker.HasExited) throw new InvalidOperationException($"the worker exited before: {what}\n{worker.Output}");
            return false;
        }, Bound, what, () => worker.Output, TimeSpan.FromMilliseconds(100));

    public void Dispose() => _workDir.Dispose();
}
