import { ConfigError } from '../../lib/errors.js';

/** A job page URL split into the GitLab base URL, the project path and the job id. */
export function parseJobUrl(url: string): { gitlabUrl: string; project: string; jobId: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${url}: not a URL; expected https://gitlab.example.com/group/project/-/jobs/123`);
  }
  const match = /^\/(.+?)\/-\/jobs\/(\d+)\/?$/.exec(parsed.pathname);
  if (match === null) throw new ConfigError(`${url}: not a job URL; expected https://gitlab.example.com/group/project/-/jobs/123`);
  return { gitlabUrl: parsed.origin, project: match[1] as string, jobId: Number(match[2]) };
}
