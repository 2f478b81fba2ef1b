#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for testing the job scripts under a real slurmctld and
# slurmd (Debian 12's slurm-wlm 22.05 + munge), as root, without systemd or cgroups.
#
#   scripts/local-slurm.sh start    install slurm-wlm and munge if missing, configure, start
#                                   munged + slurmctld + slurmd, wait until the node is idle
#   scripts/local-slurm.sh stop     stop the daemons this script started (pid files)
#   scripts/local-slurm.sh status   sinfo
#   eval "$(scripts/local-slurm.sh env)"   SLURM_CONF for sbatch/squeue/sinfo in this shell
#
# Everything lives under $VITVMC_SLURM_DIR (default /tmp/vitvmc-slurm): slurm.conf, state, logs,
# pid files; only the munge key and run directories of the Debian package are used as installed.
# Choices (measured on Debian 12): proctrack/linuxproc and task/none need no cgroups; srun
# --mpi=pmix launches Debian's Open MPI 4.1 (pmi2 does not); more tasks than CPUs need --overcommit
# (the node has as many CPUs as this machine); slurmctld checks time limits every 30 s, so
# --signal=...@N can come up to about a minute early, and KillWait is 10 s.
set -euo pipefail

dir=${VITVMC_SLURM_DIR:-/tmp/vitvmc-slurm}
conf=$dir/slurm.conf
node=vitvmc-node

need_root() { [ "$(id -u)" -eq 0 ] || { echo "local-slurm.sh: must run as root" >&2; exit 1; }; }

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "local-slurm.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
}

write_conf() {
  local cpus mem
  cpus=$(nproc --all)
  mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  cat >"$conf" <<EOF
# Written by scripts/local-slurm.sh: one node, everything as root, no cgroups.
ClusterName=vitvmc
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
KillWait=10
MinJobAge=600
InactiveLimit=0
OverTimeLimit=0
NodeName=$node NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
}

start_munge() {
  if pgrep -x munged >/dev/null; then return 0; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  [ -s /etc/munge/munge.key ] || { mungekey --create --force >/dev/null 2>&1 ||
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; }
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
}

wait_idle() {
  local i
  for ((i = 0; i < 60; ++i)); do
    if SLURM_CONF=$conf sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then return 0; fi
    sleep 0.5
  done
  echo "local-slurm.sh: the node did not become idle; logs in $dir/log" >&2
  SLURM_CONF=$conf sinfo -N -l >&2 || true
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  exit 1
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  need_root
  install_packages
  if alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid"; then
    wait_idle
    echo "local-slurm.sh: already running (SLURM_CONF=$conf)"
    return 0
  fi
  local t0=$SECONDS
  write_conf
  start_munge
  alive "$dir/slurmctld.pid" || slurmctld -f "$conf" -c -i
  alive "$dir/slurmd.pid" || slurmd -f "$conf" -N "$node" -c
  wait_idle
  echo "local-slurm.sh: one-node cluster up in $((SECONDS - t0)) s (SLURM_CONF=$conf," \
    "$(nproc --all) CPUs)"
}

stop() {
  local f
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
    if alive "$f"; then kill "$(cat "$f")"; fi
  done
  echo "local-slurm.sh: stopped slurmd and slurmctld (munged left running)"
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) SLURM_CONF=$conf sinfo -N -l ;;
env) echo "export SLURM_CONF=$conf" ;;
*) sed -n '2,16p' "$0"; exit 2 ;;
esac
