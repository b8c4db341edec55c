/** What every sandbox platform server hands back when started: its address and a way to stop it. */
export interface SandboxServer {
  /** Origin of the server, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/** A sandbox platform with outage levers, for tests of what the gateway does while a platform is down. */
export interface PlatformServer extends SandboxServer {
  /** Stops answering, keeping the platform's data: the port refuses connections and open ones are cut (an outage). */
  takeDown(): Promise<void>;
  /** Answers again on the same port with the data it had (a restart). */
  bringUp(): Promise<void>;
}

export interface SandboxServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
}
