namespace Manager.Http.Auth;

/// <summary>Task types whose commands are whatever the submitter writes: only an operator may submit them.</summary>
public static class TaskTypes
{
    public static bool NeedsOperator(string type) => type == "exec_command";
}
