using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>
/// docs/api.md ("Credentials and who may call what") bootstrap: a manager started without configured tokens writes an operator and an enrollment token
/// beside its SQLite file (mode 0600) that work as such; a later start on the same data creates nothing new.
/// </summary>
public sealed class FirstStartTokenFilesTests : IDisposable
{
    // Auth configured (so the test manager gets no Auth:OperatorToken/EnrollmentToken), but no token given.
    private static readonly Dictionary<string, string?> NoConfiguredTokens = new() { ["Auth:Enabled"] = "true" };

    private readonly TempDirectory _dir = new("manager-first-start");

    private string OperatorFile => _dir.File("operator.token");

    private string EnrollmentFile => _dir.File("worker-enrollment.token");

    [Fact]
    public async Task The_first_start_writes_working_owner_only_token_files_and_a_second_start_creates_none()
    {
        string operatorToken, enrollmentToken, tokensAfterFirstStart;
        await using (var first = await ManagerApp.StartAsync(_dir.Path, NoConfiguredTokens))
        {
            Assert.True(File.Exists(OperatorFile), $"no {OperatorFile}: {string.Join(", ", Directory.GetFiles(_dir.Path))}");
            Assert.True(File.Exists(EnrollmentFile), $"no {EnrollmentFile}");
            if (!OperatingSystem.IsWindows())
                foreach (var file in new[] { OperatorFile, EnrollmentFile })
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            operatorToken = (await File.ReadAllTextAsync(OperatorFile)).Trim();
            enrollmentToken = (await File.ReadAllTextAsync(EnrollmentFile)).Trim();
            Assert.NotEqual(operatorToken, enrollmentToken);

            // The test run's operator token means nothing to this manager; the file's does.
            await (await first.Client.GetAsync("/tokens")).ExpectProblem(HttpStatusCode.Unauthorized);
            using var asOperator = new HttpClient { BaseAddress = first.BaseAddress }.Authorize(operatorToken);
            using var asEnrollment = new HttpClient { BaseAddress = first.BaseAddress }.Authorize(enrollmentToken);
            var tokens = await asOperator.GetArray("/tokens");
            Assert.Equal(["enrollment", "operator"], tokens.Select(t => (string)t!["role"]!).Order());
            Assert.False(string.IsNullOrEmpty((string?)(await asEnrollment.Register("render-first"))["token"]));
            await (await asEnrollment.GetAsync("/tasks")).ExpectProblem(HttpStatusCode.Forbidden);
            tokensAfterFirstStart = (await asOperator.GetArray("/tokens")).ToJsonString();
        }
        var files = Snapshot();

        await using (var second = await ManagerApp.StartAsync(_dir.Path, NoConfiguredTokens))
        {
            using var asOperator = new HttpClient { BaseAddress = second.BaseAddress }.Authorize(operatorToken);
            Assert.Equal(tokensAfterFirstStart, (await asOperator.GetArray("/tokens")).ToJsonString());
            using var asEnrollment = new HttpClient { BaseAddress = second.BaseAddress }.Authorize(enrollmentToken);
            await asEnrollment.Register("render-second");
        }
        Assert.Equal(files, Snapshot());
    }

    /// <summary>Every token file of the directory with its contents, mode and last write.</summary>
    private string Snapshot() => string.Join("\n", Directory.GetFiles(_dir.Path, "*.token").Order().Select(f =>
        $"{Path.GetFileName(f)} {File.ReadAllText(f).Trim()} {(OperatingSystem.IsWindows() ? "" : File.GetUnixFileMode(f))} {File.GetLastWriteTimeUtc(f):O}"));

    public void Dispose() => _dir.Dispose();
}
