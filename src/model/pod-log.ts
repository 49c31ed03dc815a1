// What a container log request asks for, and one line of the answer (the API and kube share these shapes).
export interface PodLogOptions {
  namespace: string;
  pod: string;
  container?: string | undefined;
  follow?: boolean | undefined;
  sinceSeconds?: number | undefined;
  sinceTime?: string | undefined;
  tailLines?: number | undefined;
  previous?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export interface PodLogLine {
  /** RFC 3339 time the runtime recorded the line at ('' when the line carried none). */
  timeStamp: string;
  content: string;
}
