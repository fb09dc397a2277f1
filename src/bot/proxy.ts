/** An http.Agent for TELEGRAM_PROXY: http(s):// via CONNECT, socks4/5:// via SOCKS. */
import type { Agent } from "node:http";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";

/** Builds the agent for a proxy URL (validated by config). */
export function createProxyAgent(url: string): Agent {
  return url.startsWith("socks") ? new SocksProxyAgent(url) : new HttpsProxyAgent(url);
}

/** The proxy URL without credentials, for logs. */
export function redactProxy(url: string): string {
  const u = new URL(url);
  if (u.username || u.password) {
    u.username = "***";
    u.password = "";
  }
  return u.toString();
}
