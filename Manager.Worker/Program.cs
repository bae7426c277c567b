using System.Runtime.InteropServices;
using Manager.Worker;

var parsed = WorkerOptionsReader.Read(args, WorkerOptionsReader.ProcessEnvironment, File.OpenRead);
if (parsed.HelpRequested)
{
    Console.Out.Write(WorkerOptionsReader.Usage);
    return 0;
}
if (parsed.Options is not { } options)
{
    Console.Error.WriteLine($"manager-worker: {parsed.Error}");
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

using var shutdown = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (shutdown.IsCancellationRequested)
        return; // a second Ctrl-C / SIGTERM: let the runtime end the process now
    context.Cancel = true;
    Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {context.Signal}: stopping (again to force)");
    shutdown.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

using var agent = new WorkerAgent(options, e => Console.Error.WriteLine(e));
try
{
    await agent.RunAsync(shutdown.Token);
    return 0;
}
catch (AccessDeniedException e)
{
    Console.Error.WriteLine($"manager-worker: {e.Message}");
    return 3; // distinct, so a service manager can be told not to restart a worker the manager refuses
}
catch (ManagerRequestException e)
{
    Console.Error.WriteLine($"manager-worker: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"manager-worker: cannot use the work dir {options.WorkDir}: {e.Message}");
    return 1;
}
