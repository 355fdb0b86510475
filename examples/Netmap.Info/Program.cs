using System;
using System.CommandLine;
using Netmap.Info;

// netmap-info: which netmap this machine has and why, and what port names mean (optionally opening them).
var ports = new Argument<string[]>("port") { Description = "Port names to explain, e.g. 'netmap:eth0*' or 'netmap:p{1'.", Arity = ArgumentArity.ZeroOrMore };
var open = new Option<bool>("--open") { Description = "Also register each port and report what the netmap answered." };
var backend = new Option<string?>("--backend") { Description = "kernel, userspace or auto (default: NETMAP_BACKEND, else auto)." };
var root = new RootCommand("Reports which netmap this machine has (kernel module or user-space, and why) and explains port names.")
{
    ports, open, backend,
};
root.SetAction(result => InfoCommand.Run(
    result.GetValue(ports) ?? Array.Empty<string>(), result.GetValue(open), result.GetValue(backend), Console.Out));
return root.Parse(args).Invoke();
