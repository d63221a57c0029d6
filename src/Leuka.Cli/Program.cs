using Leuka.Cli;

return LeukaApp.Run(args, Console.Out, Console.Error, Console.IsOutputRedirected);
