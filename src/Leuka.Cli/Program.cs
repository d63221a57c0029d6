using Leuka.Cli;

// Ctrl-C or a terminated run must not leave the terminal's cursor hidden by the progress bar.
if (!Console.IsOutputRedirected)
{
    Console.CancelKeyPress += (_, _) => Console.Out.Write("\u001b[?25h");
    AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.Out.Write("\u001b[?25h");
}

return LeukaApp.Run(args, Console.Out, Console.Error, Console.IsOutputRedirected);
