/**
 * Users that well-known official images create, which a Dockerfile built on them may
 * switch to with `USER` without creating them itself. Each entry names where it comes
 * from; an image not listed here is assumed to carry only root and the system users.
 */
export interface ImageUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface ImageUsers {
  /** Matches the image reference (registry and tag included). */
  image: RegExp;
  users: ImageUser[];
  /** The USER the image ends with, when it is not root: a Dockerfile built on it runs as that user until it says otherwise. */
  runsAs?: string;
  source: string;
}

const ref = (repo: string): RegExp => new RegExp(`^(?:docker\\.io/)?(?:library/)?${repo}(?::|@|$)`, 'i');

export const IMAGE_USERS: readonly ImageUsers[] = [
  {
    image: ref('node'),
    users: [{ name: 'node', uid: 1000, gid: 1000, home: '/home/node' }],
    source: 'nodejs/docker-node: every variant runs groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node (Alpine: addgroup -g 1000 node, adduser -u 1000 -G node -s /bin/sh -D node)',
  },
  {
    image: ref('mambaorg/micromamba'),
    users: [{ name: 'mambauser', uid: 57439, gid: 57439, home: '/home/mambauser' }],
    runsAs: 'mambauser',
    source: 'mambaorg/micromamba-docker: ARG MAMBA_USER_ID=57439, MAMBA_USER_GID=57439 (1000 before August 2023); the image ends with USER $MAMBA_USER',
  },
  {
    image: /^(?:docker\.io\/)?(?:library\/)?gradle:[^@]*ubi/i,
    users: [{ name: 'gradle', uid: 101, gid: 101, home: '/home/gradle' }],
    source: 'gradle/docker-gradle ubi9 and ubi10 Dockerfiles create gradle with uid/gid 101',
  },
  {
    image: ref('gradle'),
    users: [{ name: 'gradle', uid: 1000, gid: 1000, home: '/home/gradle' }],
    source: 'gradle/docker-gradle: user gradle with uid/gid 1000 (the renamed ubuntu user on noble), home /home/gradle',
  },
  {
    image: /^mcr\.microsoft\.com\/dotnet\/(?:sdk|aspnet|runtime|runtime-deps):(?:[89]|1\d)\./i,
    users: [{ name: 'app', uid: 1654, gid: 1654, home: '/home/app' }],
    source: 'dotnet/dotnet-docker runtime-deps (8.0 and later): APP_UID=1654, groupadd/useradd app with home /home/app',
  },
  {
    image: /^(?:docker\.io\/)?(?:library\/)?ubuntu:(?:24\.04|noble|2[4-9]\.|latest|rolling|devel)/i,
    users: [{ name: 'ubuntu', uid: 1000, gid: 1000, home: '/home/ubuntu' }],
    source: 'Ubuntu 24.04 and later cloud images ship an ubuntu user, uid/gid 1000, home /home/ubuntu',
  },
  {
    image: /^mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\//i,
    users: [{ name: 'vscode', uid: 1000, gid: 1000, home: '/home/vscode' }],
    source: 'devcontainers/images: the common-utils feature creates vscode with uid/gid 1000 unless told otherwise',
  },
  {
    image: /^(?:(?:quay|docker)\.io\/)?jupyter\//i,
    users: [{ name: 'jovyan', uid: 1000, gid: 100, home: '/home/jovyan' }],
    runsAs: 'jovyan',
    source: 'jupyter/docker-stacks docker-stacks-foundation: NB_USER=jovyan, NB_UID=1000, NB_GID=100; the images end with USER ${NB_UID}',
  },
];

/** root, in every image. (`nobody` is left out: its home differs between distributions.) */
export const ROOT_USER: ImageUser = { name: 'root', uid: 0, gid: 0, home: '/root' };

/** The USER an image leaves in effect (null: root, or not known to be otherwise). */
export function defaultUserOf(image: string): string | null {
  return IMAGE_USERS.find((x) => x.image.test(image))?.runsAs ?? null;
}

/** The users an image is known to carry besides root and the system users. */
export function usersOfImage(image: string): ImageUser[] {
  return IMAGE_USERS.find((x) => x.image.test(image))?.users ?? [];
}
