/**
 * What can be checked of the container files without a container engine (none runs here or in
 * CI): the Dockerfile parses into known instructions in two stages; every path it copies from the
 * repository exists and is not kept out by .dockerignore; what it copies from the build stage is
 * what `npm run build` produces; it runs as a non-root user; its CMD is a real package.json script
 * whose file the build produces; its HEALTHCHECK probes the path the server serves, on the port it
 * sets; and compose.yaml parses, wiring the bot to its PostgreSQL by a URL the bot accepts. Also:
 * the code the image runs imports only production dependencies, as `npm ci --omit=dev` installs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import { type Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { OUT_DIR, runtimeAssets, SOURCE_DIRS } from '../scripts/build.js';
import { loadConfig } from '../src/config.js';
import { HEALTH_PATH } from '../src/ops/ops-server.js';
import { PROJECT_ROOT } from '../src/paths.js';

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Dockerfile instructions (docs.docker.com, "Dockerfile reference"). */
const KNOWN_INSTRUCTIONS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]); // biome-ignore format: a list

interface Stage {
  readonly name: string | null;
  readonly instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      // FROM image AS name
      const args = instruction.getArguments().map((a) => a.getValue());
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ name: as === -1 ? null : (args[as + 1] ?? null), instructions: [instruction] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const args = (instruction: Instruction) => instruction.getArguments().map((a) => a.getValue());
/** COPY/ADD sources and destination, and the stage of its --from flag (null: the build context). */
function copyParts(instruction: Instruction) {
  const from =
    (instruction as Copy)
      .getFlags()
      .find((f) => f.getName() === 'from')
      ?.getValue() ?? null;
  const paths = args(instruction);
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

/** The exec-form (JSON array) command of a CMD, or of a HEALTHCHECK's CMD. */
function execForm(instruction: Instruction): string[] {
  const content = instruction.getArgumentsContent() ?? '';
  return JSON.parse(content.slice(content.indexOf('['), content.lastIndexOf(']') + 1)) as string[];
}

const dockerfile = read('Dockerfile');
const stages = stagesOf(dockerfile);
const build = stages.find((s) => s.name === 'build');
const runtime = stages.at(-1);
const inStage = (stage: Stage | undefined, keyword: string) =>
  stage?.instructions.filter((i) => i.getKeyword() === keyword) ?? [];

/** .dockerignore patterns, as plain paths (the file uses no wildcards but *.ext and .tmp-*). */
const ignored = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
function isIgnored(path: string): boolean {
  const clean = normalize(path).replace(/\/$/, '');
  return ignored.some((pattern) => {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`);
    return regex.test(clean) || regex.test(clean.split('/').at(-1) ?? '');
  });
}

/** `npm run NAME`'s script → the file it runs with node (its first argument ending in .js/.ts). */
function fileRunBy(script: string): string {
  const command = packageJson.scripts[script];
  if (!command) throw new Error(`no npm script "${script}"`);
  const file = command.split(/\s+/).find((part) => /\.(js|ts)$/.test(part));
  if (!file) throw new Error(`npm script "${script}" runs no file: ${command}`);
  return file;
}

/** The TypeScript source that `npm run build` compiles into `dist/<path>.js`. */
function sourceOf(built: string): string {
  expect(built.startsWith(`${OUT_DIR}/`), built).toBe(true);
  return built.slice(OUT_DIR.length + 1).replace(/\.js$/, '.ts');
}

describe('Dockerfile', () => {
  it('parses into known instructions, in a build stage and a runtime stage', () => {
    const keywords = DockerfileParser.parse(dockerfile)
      .getInstructions()
      .map((i) => i.getKeyword());
    expect(keywords.length).toBeGreaterThan(10);
    for (const keyword of keywords) expect(KNOWN_INSTRUCTIONS, keyword).toContain(keyword);
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
  });

  it('builds with every dependency and `npm run build`, and installs only production ones to run', () => {
    const runs = (stage: Stage | undefined) =>
      inStage(stage, 'RUN').map((i) => i.getArgumentsContent() ?? '');
    expect(runs(build).some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs(build)).toContain('npm run build');
    expect(packageJson.scripts.build).toBeDefined();
    expect(runs(runtime).some((r) => /\bnpm ci --omit=dev\b/.test(r))).toBe(true);
  });

  it('copies only paths that exist in the repository and that .dockerignore lets into the context', () => {
    const copies = stages.flatMap((s) => [...inStage(s, 'COPY'), ...inStage(s, 'ADD')]).map(copyParts);
    const fromContext = copies.filter((c) => c.from === null).flatMap((c) => c.sources);
    expect(fromContext).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'commands', 'knowledge']),
    );
    for (const source of fromContext) {
      expect(existsSync(join(PROJECT_ROOT, source)), `${source} exists`).toBe(true);
      expect(isIgnored(source), `${source} is not in .dockerignore`).toBe(false);
    }
    // The build reads these too, so they must be in the build stage before `npm run build`.
    for (const needed of ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts']) {
      expect(fromContext, needed).toContain(needed);
    }
  });

  it('keeps secrets, local data and installed or built output out of the build context', () => {
    for (const path of ['.env', 'node_modules', 'dist', 'data', 'data/bot.sqlite', '.git']) {
      expect(isIgnored(path), path).toBe(true);
    }
  });

  it('copies from the build stage exactly what `npm run build` writes (tsconfig.build.json outDir)', () => {
    const fromBuild = copies().filter((c) => c.from !== null);
    expect(fromBuild.map((c) => c.from)).toEqual(['build']);
    const workdir = inStage(build, 'WORKDIR').map((i) => args(i)[0])[0];
    expect(fromBuild[0]?.sources).toEqual([join(workdir ?? '', OUT_DIR)]);
    const buildConfig = JSON.parse(read('tsconfig.build.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
      include: string[];
    };
    expect(buildConfig.compilerOptions.outDir).toBe(OUT_DIR);
    expect(buildConfig.compilerOptions.rootDir).toBe('.');
    expect(buildConfig.include).toEqual([...SOURCE_DIRS]);
    // The migrations are data the code reads from beside its module; the build copies them.
    expect(runtimeAssets('src')).toEqual(
      expect.arrayContaining(['src/storage/migrations/001-community-faq.sqlite.sql']),
    );
  });

  it('runs as a non-root user', () => {
    const users = inStage(runtime, 'USER').map((i) => args(i)[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    const lastUser = runtime?.instructions.findLastIndex((i) => i.getKeyword() === 'USER') ?? -1;
    const cmd = runtime?.instructions.findIndex((i) => i.getKeyword() === 'CMD') ?? -1;
    expect(lastUser).toBeLessThan(cmd);
  });

  it('starts with a package.json script that runs a file the build produces', () => {
    const [cmd] = inStage(runtime, 'CMD');
    expect(cmd).toBeDefined();
    const command = execForm(cmd as Instruction);
    expect(command.slice(0, 1)).toEqual(['npm']);
    const script = command[1] === 'run' ? command[2] : command[1];
    expect(script).toBe('start');
    const file = fileRunBy(script ?? '');
    expect(existsSync(join(PROJECT_ROOT, sourceOf(file))), `${sourceOf(file)} is compiled into ${file}`).toBe(
      true,
    );
    expect(SOURCE_DIRS.some((dir) => sourceOf(file).startsWith(`${dir}/`))).toBe(true);
    // `npm run serve`, the other way to run the image, is compiled code too.
    expect(existsSync(join(PROJECT_ROOT, sourceOf(fileRunBy('serve'))))).toBe(true);
  });

  it('copies the file that npm runs before `npm start` and `npm run serve` (prestart, preserve)', () => {
    const copied = inStage(runtime, 'COPY').flatMap((i) => {
      const { from, sources } = copyParts(i);
      return from === null ? sources.map((s) => normalize(s)) : [];
    });
    for (const script of ['prestart', 'preserve']) {
      const command = packageJson.scripts[script] ?? '';
      const file = command
        .split(/\s+/)
        .find((part) => /\.m?js$/.test(part) && !part.startsWith(`${OUT_DIR}/`));
      expect(file, `npm script "${script}" runs a file of its own`).toBeDefined();
      expect(copied, `the runtime stage copies ${file}`).toContain(normalize(file ?? ''));
    }
  });

  it('checks health with the probe the build produces, on the METRICS_PORT it sets, at the path the server serves', () => {
    const [healthcheck] = inStage(runtime, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const probe = execForm(healthcheck as Instruction);
    expect(probe[0]).toBe('node');
    const file = probe[1] ?? '';
    expect(existsSync(join(PROJECT_ROOT, sourceOf(file)))).toBe(true);
    // The probe asks for HEALTH_PATH, the constant the operations server answers on.
    const probeSource = read(sourceOf(file));
    expect(probeSource).toContain("import { HEALTH_PATH } from './ops-server.js'");
    expect(HEALTH_PATH).toBe('/healthz');
    // The port it probes is set in the image, and valid for the bot's own configuration.
    const env = Object.fromEntries(
      inStage(runtime, 'ENV').flatMap((i) => args(i).map((pair) => pair.split('=') as [string, string])),
    );
    const config = loadConfig(env);
    expect(config.METRICS_PORT).toBeGreaterThan(0);
    const exposed = inStage(runtime, 'EXPOSE').flatMap(args);
    expect(exposed).toContain(String(config.METRICS_PORT));
  });

  function copies() {
    return stages.flatMap((s) => inStage(s, 'COPY')).map(copyParts);
  }
});

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown>>;
    volumes?: Record<string, unknown>;
  };
  const db = compose.services.db ?? {};
  const bot = compose.services.bot ?? {};
  /** Compose's `${NAME:?message}` interpolation, with a stand-in value. */
  const interpolate = (text: string) => text.replace(/\$\{(\w+)(:?[?-][^}]*)?\}/g, 'password1');

  it('parses, with the bot built from this Dockerfile and PostgreSQL on a named volume with a health check', () => {
    expect(bot.build).toBe('.');
    expect(existsSync(join(PROJECT_ROOT, 'Dockerfile'))).toBe(true);
    expect(String(db.image)).toMatch(/^postgres:\d+/);
    const volume = String((db.volumes as string[])[0]).split(':')[0] ?? '';
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect((db.healthcheck as { test: string[] }).test.join(' ')).toContain('pg_isready');
    expect(bot.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it("gives the bot a DATABASE_URL to the db service's database and user, which the bot accepts", () => {
    const environment = bot.environment as Record<string, string>;
    const dbEnv = db.environment as Record<string, string>;
    const url = new URL(interpolate(environment.DATABASE_URL ?? ''));
    expect(url.hostname).toBe('db');
    expect(url.username).toBe(dbEnv.POSTGRES_USER);
    expect(url.pathname).toBe(`/${dbEnv.POSTGRES_DB}`);
    // The same password variable on both sides, never a password written in the file.
    expect(environment.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(dbEnv.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    const config = loadConfig(
      Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(v)])),
    );
    expect(config.DATABASE_URL).toBeDefined();
    expect(config.METRICS_PORT).toBe(9464);
    // Its health check is the image's probe.
    expect((bot.healthcheck as { test: string[] }).test).toEqual([
      'CMD',
      'node',
      'dist/src/ops/healthcheck.js',
    ]);
  });
});

describe('the code the image runs', () => {
  /** Every package imported by `entry` or the modules it reaches through relative imports. */
  function packagesImportedFrom(entry: string): Map<string, string> {
    const found = new Map<string, string>();
    const seen = new Set<string>();
    const queue = [join(PROJECT_ROOT, entry)];
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // TypeScript's own reading of the imports: static ones, re-exports and import() alike.
      for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
        if (specifier.startsWith('.')) {
          const target = join(dirname(file), specifier.replace(/\.js$/, '.ts'));
          if (existsSync(target) && statSync(target).isFile()) queue.push(target);
          continue;
        }
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0];
        if (name && !specifier.startsWith('node:') && !builtinModules.includes(name)) {
          found.set(name, relative(PROJECT_ROOT, file));
        }
      }
    }
    return found;
  }

  it('imports only production dependencies, which `npm ci --omit=dev` installs', () => {
    const entries = [
      sourceOf(fileRunBy('start')),
      sourceOf(fileRunBy('serve')),
      'src/ops/healthcheck.ts',
      'src/discord/deploy-commands.ts',
    ];
    for (const entry of entries) {
      const imported = packagesImportedFrom(entry);
      expect(imported.size, entry).toBeGreaterThan(0);
      for (const [name, from] of imported) {
        expect(packageJson.dependencies, `${name}, imported by ${from} (from ${entry})`).toHaveProperty([
          name,
        ]);
      }
    }
  });
});
