using System;
using System.Collections.Generic;
using System.Globalization;

namespace Netmap.Filters.Rules;

/// <summary>
/// Reads the iptables subset an <see cref="IptablesRule"/> expresses. Accepted: an optional leading
/// <c>sudo</c>, <c>iptables</c>/<c>ip6tables</c>, <c>-t TABLE</c> and <c>-I|-A CHAIN [N]</c> (so the seed's line
/// can be pasted; they carry no meaning for a filter); <c>-p|--protocol udp|tcp|icmp|icmpv6|ipv6-icmp|all</c>;
/// <c>-m udp|tcp</c>; <c>--dport|--destination-port P[:P]</c>; <c>-d|--dst|--destination ADDR[/LEN]</c>;
/// <c>-j|--jump DROP|ACCEPT|RETURN</c>. Anything else, negation (<c>!</c>) included, is an error.
/// </summary>
public static class IptablesRuleParser
{
    /// <summary>Parses one rule.</summary>
    /// <param name="text">The rule text.</param>
    /// <param name="line">The line number to report in errors.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="RuleSyntaxException">With the line, column and token at fault.</exception>
    public static IptablesRule Parse(string text, int line)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<(string Text, int Column)> tokens = Split(text);
        int i = 0;
        bool? ipv6Only = null;
        if (i < tokens.Count && tokens[i].Text == "sudo")
        {
            i++;
        }

        if (i < tokens.Count && tokens[i].Text is "iptables" or "ip6tables")
        {
            ipv6Only = tokens[i].Text == "ip6tables";
            i++;
        }

        RuleProtocol? protocol = null;
        (int Column, string Text)? protocolToken = null;
        IpPrefix? destination = null;
        PortRange? ports = null;
        RuleAction? action = null;
        while (i < tokens.Count)
        {
            (string option, int column) = tokens[i++];
            switch (option)
            {
                case "-t" or "--table":
                    Value(tokens, ref i, option, column, line);
                    break;
                case "-I" or "--insert" or "-A" or "--append":
                    Value(tokens, ref i, option, column, line);
                    if (i < tokens.Count && int.TryParse(tokens[i].Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        i++;
                    }

                    break;
                case "-p" or "--protocol":
                {
                    Once(protocol is not null, option, column, line);
                    (string value, int at) = Value(tokens, ref i, option, column, line);
                    protocol = value.ToLowerInvariant() switch
                    {
                        "udp" or "17" => RuleProtocol.Udp,
                        "tcp" or "6" => RuleProtocol.Tcp,
                        "icmp" or "1" => RuleProtocol.Icmp,
                        "icmpv6" or "ipv6-icmp" or "58" => RuleProtocol.Icmpv6,
                        "all" or "0" => RuleProtocol.Any,
                        _ => throw new RuleSyntaxException("unknown protocol; expected udp, tcp, icmp, icmpv6 or all", line, at, value),
                    };
                    protocolToken = (at, value);
                    break;
                }

                case "-m" or "--match":
                {
                    (string value, int at) = Value(tokens, ref i, option, column, line);
                    bool consistent = (value == "udp" && protocol == RuleProtocol.Udp) || (value == "tcp" && protocol == RuleProtocol.Tcp);
                    if (!consistent)
                    {
                        throw new RuleSyntaxException("only '-m udp' or '-m tcp' after the same '-p' is supported", line, at, value);
                    }

                    break;
                }

                case "--dport" or "--destination-port":
                {
                    Once(ports is not null, option, column, line);
                    if (protocol is not (RuleProtocol.Udp or RuleProtocol.Tcp))
                    {
                        throw new RuleSyntaxException("--dport needs '-p udp' or '-p tcp' before it", line, column, option);
                    }

                    (string value, int at) = Value(tokens, ref i, option, column, line);
                    ports = PortRange.TryParse(value, out PortRange range)
                        ? range
                        : throw new RuleSyntaxException("bad port or port range (PORT or FIRST:LAST, 0–65535)", line, at, value);
                    break;
                }

                case "-d" or "--dst" or "--destination":
                {
                    Once(destination is not null, option, column, line);
                    (string value, int at) = Value(tokens, ref i, option, column, line);
                    destination = IpPrefix.TryParse(value, out IpPrefix prefix)
                        ? prefix
                        : throw new RuleSyntaxException("bad address or prefix (ADDRESS or ADDRESS/LENGTH)", line, at, value);
                    if (ipv6Only is bool v6 && v6 != prefix.IsIpv6)
                    {
                        throw new RuleSyntaxException(
                            v6 ? "ip6tables needs an IPv6 destination" : "iptables needs an IPv4 destination", line, at, value);
                    }

                    break;
                }

                case "-j" or "--jump":
                {
                    Once(action is not null, option, column, line);
                    (string value, int at) = Value(tokens, ref i, option, column, line);
                    action = value switch
                    {
                        "DROP" => RuleAction.Drop,
                        "ACCEPT" => RuleAction.Pass,
                        "RETURN" => RuleAction.Continue,
                        _ => throw new RuleSyntaxException("unsupported target; expected DROP, ACCEPT or RETURN", line, at, value),
                    };
                    break;
                }

                case "!":
                    throw new RuleSyntaxException("negation is not supported", line, column, option);
                default:
                    throw new RuleSyntaxException("unknown option", line, column, option);
            }
        }

        if (action is null)
        {
            throw new RuleSyntaxException("missing '-j DROP|ACCEPT|RETURN'", line, text.Length + 1, string.Empty);
        }

        RuleProtocol p = protocol ?? RuleProtocol.Any;
        if (destination is IpPrefix d && ((d.IsIpv6 && p == RuleProtocol.Icmp) || (!d.IsIpv6 && p == RuleProtocol.Icmpv6)))
        {
            (int at, string value) = protocolToken!.Value;
            throw new RuleSyntaxException("protocol and destination are of different IP families", line, at, value);
        }

        return new IptablesRule(p, destination, ports, action.Value);
    }

    private static void Once(bool seen, string option, int column, int line)
    {
        if (seen)
        {
            throw new RuleSyntaxException("option given twice", line, column, option);
        }
    }

    private static (string Text, int Column) Value(List<(string Text, int Column)> tokens, ref int i, string option, int column, int line)
    {
        if (i >= tokens.Count)
        {
            throw new RuleSyntaxException($"'{option}' needs a value", line, column, option);
        }

        return tokens[i++];
    }

    private static List<(string Text, int Column)> Split(string text)
    {
        var tokens = new List<(string, int)>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            tokens.Add((text[start..i], start + 1));
        }

        return tokens;
    }
}
