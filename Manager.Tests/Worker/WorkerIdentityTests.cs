using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>
/// The worker's credential (docs/api.md, "Credentials and who may call what") against <see cref="FakeManager"/>: enrollment, the saved
/// credential across a restart, and the refusals that stop the worker with one clear line.
/// </summary>
public sealed class WorkerIdentityTests : IAsyncDisposable
{
    private const string EnrollmentHeader = "Bearer " + FakeManager.EnrollmentToken;

    private readonly AgentHarness _farm = new();

    private AgentHarness.RunningAgent StartEnrolling() => _farm.Start(o => o with { EnrollmentToken = FakeManager.EnrollmentToken });

    [Fact]
    public async Task Enrollment_saves_the_credential_for_the_owner_only_before_the_worker_token_is_used()
    {
        bool? savedBeforeFirstUse = null;
        _farm.Manager.OnRequest = seen =>
        {
            if (seen.Authorization is { } header && header != EnrollmentHeader)
                savedBeforeFirstUse ??= File.Exists(_farm.CredentialPath);
        };
        var agent = StartEnrolling();
        await _farm.Next(WorkerEventKind.Idle);

        var workerId = agent.Agent.WorkerId!.Value;
        var token = _farm.Manager.TokenOf(workerId);
        Assert.NotNull(token);
        var credential = CredentialFile.Load(_farm.WorkDir);
        Assert.Equal(new WorkerCredential { Manager = _farm.Manager.BaseAddress.ToString(), Hostname = "render-01", WorkerId = workerId, Token = token }, credential);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_farm.CredentialPath));
        Assert.True(savedBeforeFirstUse);
        Assert.Empty(Directory.GetFiles(_farm.WorkDir, "*.tmp"));

        var requests = _farm.Manager.Requests;
        Assert.Equal(("POST", "/workers", EnrollmentHeader), (requests[0].Method, requests[0].Path, requests[0].Authorization));
        Assert.True(requests.Count > 1);
        Assert.All(requests.Skip(1), r => Assert.Equal($"Bearer {token}", r.Authorization));
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.Enrolled);
    }

    [Fact]
    public async Task A_restart_registers_with_the_saved_credential_and_never_shows_the_enrollment_token()
    {
        var first = StartEnrolling();
        await _farm.Next(WorkerEventKind.Idle);
        var workerId = first.Agent.WorkerId;
        await first.StopAsync();
        var before = _farm.Manager.Requests.Count;
        _farm.Events.Clear();

        var second = StartEnrolling(); // the operator left the enrollment token in the service's configuration
        await _farm.Next(WorkerEventKind.Idle);

        Assert.Equal(workerId, second.Agent.WorkerId);
        var after = _farm.Manager.Requests.Skip(before).ToList();
        Assert.Equal(("POST", "/workers"), (after[0].Method, after[0].Path));
        Assert.All(after, r => Assert.Equal($"Bearer {_farm.Manager.TokenOf(workerId!.Value)}", r.Authorization));
        Assert.DoesNotContain(_farm.Events, e => e.Kind == WorkerEventKind.Enrolled);
    }

    [Fact]
    public async Task A_revoked_saved_credential_is_replaced_by_enrolling_once_more()
    {
        var first = StartEnrolling();
        await _farm.Next(WorkerEventKind.Idle);
        var oldId = first.Agent.WorkerId!.Value;
        var oldToken = _farm.Manager.TokenOf(oldId);
        await first.StopAsync();
        _farm.Manager.RemoveWorker(oldId); // DELETE /workers/{id}: host name free, token revoked
        var before = _farm.Manager.Requests.Count;
        _farm.Events.Clear();

        var second = StartEnrolling();
        await _farm.Next(WorkerEventKind.Idle);

        var newId = second.Agent.WorkerId!.Value;
        var newToken = _farm.Manager.TokenOf(newId);
        Assert.NotEqual(oldId, newId);
        Assert.Equal((newId, newToken), (CredentialFile.Load(_farm.WorkDir)!.WorkerId, CredentialFile.Load(_farm.WorkDir)!.Token));
        var headers = _farm.Manager.Requests.Skip(before).Select(r => r.Authorization).ToList();
        Assert.Equal([$"Bearer {oldToken}", EnrollmentHeader], headers.Take(2));
        Assert.All(headers.Skip(2), h => Assert.Equal($"Bearer {newToken}", h));
    }

    [Fact]
    public async Task A_revoked_saved_credential_without_an_enrollment_token_stops_with_a_clear_error()
    {
        var first = StartEnrolling();
        await _farm.Next(WorkerEventKind.Idle);
        await first.StopAsync();
        _farm.Manager.RemoveWorker(first.Agent.WorkerId!.Value);

        var second = _farm.Start();

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => second.Run.WaitAsync(AgentHarness.Bound));
        Assert.Contains("refused this worker's saved credential", refused.Message);
        Assert.Contains(_farm.CredentialPath, refused.Message);
        Assert.Contains("--enrollment-token", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task A_host_name_held_by_another_credential_stops_with_a_clear_error()
    {
        _farm.Manager.RegisterOther("render-01");

        var agent = StartEnrolling();

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => agent.Run.WaitAsync(AgentHarness.Bound));
        Assert.Contains("'render-01' is already registered to another credential (409", refused.Message);
        Assert.Contains("DELETE /workers/{id}", refused.Message);
        Assert.False(File.Exists(_farm.CredentialPath));
        Assert.Equal(1, _farm.Manager.Registrations); // not retried
    }

    [Fact]
    public async Task Without_a_token_a_manager_that_requires_one_stops_the_worker_with_a_clear_error()
    {
        var agent = _farm.Start();

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => agent.Run.WaitAsync(AgentHarness.Bound));
        Assert.Contains("the manager requires a credential (401", refused.Message);
        Assert.Contains("--enrollment-token", refused.Message);
        Assert.Null(Assert.Single(_farm.Manager.Requests).Authorization);
    }

    [Fact]
    public async Task With_authentication_off_the_worker_runs_without_a_token()
    {
        _farm.Manager.AuthEnabled = false;
        _farm.Start();

        await _farm.Next(WorkerEventKind.Idle);

        Assert.All(_farm.Manager.Requests, r => Assert.Null(r.Authorization));
        Assert.False(File.Exists(_farm.CredentialPath));
    }

    [Fact]
    public async Task A_token_revoked_while_a_task_runs_stops_the_child_and_the_worker()
    {
        if (!OperatingSystem.IsLinux())
            return;
        _farm.Manager.AddTask(7, "exec_command", "/bin/sh", "-c", "sleep 30 & echo \"sleeping $!\"; wait");
        var agent = StartEnrolling();
        var sleepPid = await _farm.PidFromLog(7);

        _farm.Manager.RemoveWorker(agent.Agent.WorkerId!.Value);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => agent.Run.WaitAsync(AgentHarness.Bound));
        Assert.Contains("no longer accepts the credential of worker 'render-01' (401", refused.Message);
        await ProcessProbe.Gone(sleepPid, AgentHarness.Bound, "the task's sleep");
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.TaskStopped && e.TaskId == 7);
        Assert.Equal("rendering", _farm.Manager.StatusOf(7)); // no result was reported for it
    }

    public ValueTask DisposeAsync() => _farm.DisposeAsync();
}
