using Manager.Actors.Compilers;

namespace Manager.Actors.Jobs;

/// <summary>
/// One task of a compiled job, in the job's order: the task <c>type</c> and the <c>settings</c> text its compiler
/// accepts (as a task submitted alone would carry them), what that compiler made of them, whether it is a preview
/// task (scheduled before the job's other tasks), and the tasks it depends on, as indexes into the job's task list.
/// </summary>
public sealed record JobTaskSpec(string Type, string Settings, CompiledTask Compiled, bool Preview, IReadOnlyList<int> DependsOn);

/// <summary>Either the job's tasks in order or the validation errors (field → messages), like <see cref="CompileResult"/>.</summary>
public sealed record JobCompileResult(IReadOnlyList<JobTaskSpec>? Tasks, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Tasks is not null;
    public static JobCompileResult Ok(IReadOnlyList<JobTaskSpec> tasks) => new(tasks, new Dictionary<string, string[]>());
    public static JobCompileResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
