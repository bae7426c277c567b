namespace Manager.Actors.Compilers;

/// <summary>One command a worker runs: a display name and the argument vector (argv[0] is the program).</summary>
public sealed record CompiledCommand(string Name, IReadOnlyList<string> Argv);

/// <summary>What a compiler makes of a task's settings.</summary>
public sealed record CompiledTask(
    IReadOnlyList<CompiledCommand> Commands,
    long? FrameStart,
    long? FrameEnd,
    string? Format);

/// <summary>Either a compiled task or the validation errors (field name → messages) that make the settings invalid.</summary>
public sealed record CompileResult(CompiledTask? Task, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Task is not null;
    public static CompileResult Ok(CompiledTask task) => new(task, new Dictionary<string, string[]>());
    public static CompileResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
    public static CompileResult Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A pure function from a task type's settings (JSON text) to the commands a worker runs.</summary>
public interface ITaskCompiler
{
    /// <summary>The task <c>type</c> this compiler serves, e.g. <c>blender_render</c>.</summary>
    string Type { get; }

    /// <summary>The parser used when a task does not name one.</summary>
    string DefaultParser { get; }

    CompileResult Compile(string settingsJson);
}
