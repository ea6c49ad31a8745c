// Writes a synthetic Grove cluster repository of N instances for the benchmark and the scale
// tests: realistic Tutor config.yml files (mixed forks, URL spellings and versions), grove.yml
// for most instances, batch upgrades disabled for a few. Deterministic: the same N gives the
// same files, so figures from two runs compare.
import fs from "node:fs";
import path from "node:path";

const FORKS = [
  {
    repository: "https://github.com/openedx/edx-platform.git",
    versions: ["open-release/quince.3", "open-release/redwood.2", "open-release/sumac.1"],
  },
  {
    repository: "git@github.com:openedx/edx-platform.git",
    versions: ["open-release/quince.3", "open-release/redwood.2"],
  },
  { repository: "https://github.com/openedx/edx-platform", versions: ["open-release/sumac.1"] },
  {
    repository: "https://github.com/open-craft/edx-platform.git",
    versions: ["opencraft-release/quince.3", "opencraft-release/redwood.2"],
  },
];
const PLUGINS = [
  "forum",
  "mfe",
  "notes",
  "indigo",
  "xqueue",
  "discovery",
  "ecommerce",
  "credentials",
];
const LANGUAGES = ["en", "es-419", "fr", "de-de", "pt-br", "ar", "zh-cn"];

/** Instance name of index i: zero-padded so name order is index order. */
export function instanceName(i, count) {
  return `site-${String(i).padStart(String(count - 1).length, "0")}`;
}

/** Which edx-platform repository|version instance i runs, and whether batches skip it. */
export function instanceProfile(i) {
  const fork = FORKS[i % FORKS.length];
  const version = fork.versions[Math.floor(i / FORKS.length) % fork.versions.length];
  // Every 20th instance (offset so the first ones are enabled) is frozen.
  const disabled = i % 20 === 7;
  return { repository: fork.repository, version, disabled };
}

function configYml(name, i) {
  const { repository, version } = instanceProfile(i);
  const host = `${name}.learn.example.com`;
  const plugins = PLUGINS.filter((_, k) => (i >> k) % 3 !== 0 || k < 2);
  const lines = [
    `# Tutor configuration of ${name}; managed by Grove.`,
    `ID: ${((i * 2654435761) >>> 0).toString(36).padStart(7, "0")}k${((i * 40503) >>> 0).toString(36)}`,
    `PLATFORM_NAME: Learning Site ${i}`,
    `LMS_HOST: ${host}`,
    `CMS_HOST: studio.${host}`,
    `PREVIEW_LMS_HOST: preview.${host}`,
    `CONTACT_EMAIL: support+${name}@example.com`,
    `LANGUAGE_CODE: ${LANGUAGES[i % LANGUAGES.length]}`,
    `ENABLE_HTTPS: true`,
    `ENABLE_WEB_PROXY: false`,
    `K8S_NAMESPACE: ${name}`,
    `MYSQL_HOST: mysql-${i % 8}.db.internal`,
    `MYSQL_PORT: 3306`,
    `MONGODB_HOST: mongodb-${i % 4}.db.internal`,
    `ELASTICSEARCH_HOST: search.internal`,
    `REDIS_HOST: redis-${i % 6}.cache.internal`,
    `SMTP_HOST: smtp.example.com`,
    `SMTP_PORT: 587`,
    `SMTP_USE_TLS: true`,
    `DOCKER_IMAGE_OPENEDX: registry.example.com/grove/${name}/openedx:latest`,
    `EDX_PLATFORM_REPOSITORY: ${repository}`,
    `EDX_PLATFORM_VERSION: ${version}`,
    `OPENEDX_EXTRA_PIP_REQUIREMENTS:`,
    `  - edx-event-routing-backends==9.3.${i % 5}`,
    `  - "git+https://github.com/open-craft/xblock-poll.git@v1.${i % 9}.0#egg=xblock-poll"`,
    `PLUGINS:`,
    ...plugins.map((p) => `  - ${p}`),
    `MFE_CONFIG:`,
    `  LOGO_URL: https://${host}/static/logo.png`,
    `  FAVICON_URL: https://${host}/favicon.ico`,
    `  SUPPORT_URL: "https://support.example.com/?site=${name}"`,
    "",
  ];
  return lines.join("\n");
}

function groveYml(i) {
  const { disabled } = instanceProfile(i);
  return [
    "# Grove settings of this instance.",
    `BATCH_UPGRADE_DISABLED: ${disabled ? (i % 40 === 7 ? "yes" : "true") : "false"}`,
    `TUTOR_VERSION: "17.0.${i % 4}"`,
    "",
  ].join("\n");
}

/**
 * Writes `count` instance folders under `<dir>/instances` (every fourth without grove.yml, as in
 * real clusters where it is optional) and `grove-pipelines.yml` with `settingsText` when given.
 */
export function writeCluster(dir, count, settingsText) {
  const instances = path.join(dir, "instances");
  fs.mkdirSync(instances, { recursive: true });
  for (let i = 0; i < count; i += 1) {
    const name = instanceName(i, count);
    const folder = path.join(instances, name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "config.yml"), configYml(name, i));
    if (i % 4 !== 3 || instanceProfile(i).disabled) {
      fs.writeFileSync(path.join(folder, "grove.yml"), groveYml(i));
    }
  }
  fs.mkdirSync(path.join(dir, "infrastructure"), { recursive: true });
  fs.writeFileSync(path.join(dir, "infrastructure", "main.tf"), "# Terraform of the cluster.\n");
  if (settingsText !== undefined)
    fs.writeFileSync(path.join(dir, "grove-pipelines.yml"), settingsText);
}
