using Manager.Actors.Hosting;

namespace Manager.Http.Auth;

/// <summary>
/// Auth:Enabled, Auth:OperatorToken, Auth:EnrollmentToken, and where the first start writes its token files
/// (beside the SQLite database; with PostgreSQL the working directory).
/// </summary>
public sealed record AuthSettings(bool Enabled, string? OperatorToken, string? EnrollmentToken, string BootstrapDirectory)
{
    public const string OperatorTokenFile = "operator.token";
    public const string EnrollmentTokenFile = "worker-enrollment.token";

    public static AuthSettings Read(IConfiguration configuration, ManagerActorOptions actors) => new(
        configuration.GetValue("Auth:Enabled", true),
        configuration["Auth:OperatorToken"] is { Length: > 0 } op ? op : null,
        configuration["Auth:EnrollmentToken"] is { Length: > 0 } enroll ? enroll : null,
        actors.Provider == PersistenceProvider.Sqlite ? SqliteFile.DirectoryOf(actors.ConnectionString) : Path.GetFullPath("."));
}
