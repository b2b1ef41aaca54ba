using System.Runtime.InteropServices;
using MetaHarmony.Cli;

// SIGINT (Ctrl+C) and SIGTERM (kill, a scheduler's time limit) ask the run to stop after its
// current iteration and write a checkpoint; a second SIGINT ends the process at once.
using var stop = new CancellationTokenSource();
var context = new CliContext(Console.Out, Console.Error, !Console.IsOutputRedirected, stop.Token);
void RequestStop(PosixSignalContext signal, string name)
{
    if (stop.IsCancellationRequested)
    {
        return;
    }

    signal.Cancel = true;
    context.StopSignal = name;
    // On a terminal the progress line is still open: start a fresh one.
    Console.Error.WriteLine((context.Interactive ? Environment.NewLine : "") + $"{name} received: "
        + "stopping after this iteration, with a checkpoint (Ctrl+C again to quit at once).");
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT,
    signal => RequestStop(signal, "SIGINT"));
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM,
    signal => RequestStop(signal, "SIGTERM"));

return CliApp.Invoke(args, context);
