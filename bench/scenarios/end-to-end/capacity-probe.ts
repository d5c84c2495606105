import { exitRequest } from '../../lib/pipeline/exit-request';

export interface ProbeResult {
  accepted: number;
  /** Answers other than 202, by status or by the error that stood for an answer. */
  refused: Record<string, number>;
  /** Exits posted (accepted or not): the next exit's index. */
  posted: number;
}

/** Posts exits as fast as `connections` loops can for `seconds`; what was accepted is then waited for. */
export async function postExitsFlatOut(
  tollUrl: string,
  seconds: number,
  connections: number,
): Promise<ProbeResult> {
  const refused: Record<string, number> = {};
  let accepted = 0;
  let next = 0;
  const ends = Date.now() + seconds * 1_000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < ends) {
        const res = await fetch(`${tollUrl}/toll/exits`, exitRequest(next++)).catch(
          (error: Error) => error,
        );
        const key =
          res instanceof Error
            ? `error ${(res.cause as { code?: string } | undefined)?.code ?? res.message}`
            : String(res.status);
        if (!(res instanceof Error)) await res.arrayBuffer();
        if (key === '202') accepted += 1;
        else refused[key] = (refused[key] ?? 0) + 1;
      }
    }),
  );
  return { accepted, refused, posted: next };
}
