using Manager.Cli;

// Ctrl-C while watching stops the watching (the job goes on); a second Ctrl-C ends the process at once.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};
return await CliApp.RunAsync(args, CliIo.ForConsole(), stop.Token);
