#!/usr/bin/env python3
"""generate.py KIND N OUT — deterministic, realistic inputs for the scale benchmark.

Same KIND, N and seed: byte-identical output. Kinds:
  boulder  N Boulder audit lines (2 of 3 remote-VA `Validation result`, 1 of 3 RA `Certificate
           request - successful`), each with its CRC-32 checksum as Boulder writes it; OUT a file.
  kms      N AWS KMS keys as the AWS CLI prints them: OUT/describe-key.json,
           OUT/get-key-rotation-status.json, OUT/list-key-rotations.json (JSON arrays), and beside
           them OUT.expected.json: how many keys fail a 90-day rotation rule at 2026-11-29T00:00Z.
  fwupd    N devices as `fwupdmgr get-devices --json`, 10 per host: OUT/host-K.devices.json.
  mpic     N Open MPIC responses (6 perspectives each, one in 8 short of quorum): OUT a JSON array.
  inventory    N assets as a YAML list (the asset inventory register): OUT a file.
  credentials  N users of an AWS IAM credential report (CSV, as `aws iam get-credential-report`
               decodes): OUT a file.
  inspec       N Chef InSpec controls of one result each, from the repository's InSpec fixture: OUT a file.
  fwupd-host   one host of N devices (`fwupdmgr get-devices --json`): OUT a file.
"""
import base64, json, os, random, sys, zlib
from datetime import datetime, timedelta, timezone

SEED = 20261203


def boulder(n, out):
    def line(ts, host, binary, pid, msg):
        crc = zlib.crc32(msg.encode()) & 0xFFFFFFFF
        check = base64.urlsafe_b64encode(crc.to_bytes(4, "little")).decode().rstrip("=")
        return f"{ts} {host} datacenter 6 {binary}[{pid}]: {check} {msg}\n"

    with open(out, "w") as f:
        for i in range(n):
            domain, authz = f"site{i % 50000}.example.org", str(10_000_000 + i)
            sec = i % 86400
            ts = f"2026-11-28T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}.{i % 1000:03d}000+00:00"
            if i % 3 == 2:
                event = {"ID": f"id{i}", "Requester": 42, "OrderID": i, "SerialNumber": f"{i:036x}",
                         "VerifiedFields": ["subjectAltName"], "CommonName": domain,
                         "Identifiers": [{"Ident": {"type": "dns", "value": domain}, "Authz": authz,
                                          "Challenge": "http-01", "Validated": "2026-11-28T00:00:00Z"}],
                         "NotBefore": "2026-11-28T00:00:00Z", "NotAfter": "2027-02-26T00:00:00Z",
                         "RequestTime": "2026-11-28T00:00:01.000Z", "ResponseTime": "2026-11-28T00:00:02.000Z",
                         "CertProfileName": "classic"}
                f.write(line(ts, "ra-1", "boulder-ra", 300, "[AUDIT] Certificate request - successful JSON="
                             + json.dumps(event, separators=(",", ":"))))
            else:
                event = {"AuthzID": authz, "Requester": 42, "Identifier": {"type": "dns", "value": domain},
                         "Challenge": {"type": "http-01", "url": f"https://acme.example.org/chall/{authz}",
                                       "status": "valid", "validated": "2026-11-28T00:00:00Z", "token": "t" * 43,
                                       "validationRecord": [{"url": f"http://{domain}/.well-known/acme-challenge/x",
                                                             "hostname": domain, "port": "80",
                                                             "addressesResolved": ["203.0.113.10"],
                                                             "addressUsed": "203.0.113.10",
                                                             "resolverAddrs": ["10.77.77.77:53"]}]},
                         "Latency": 0.18}
                f.write(line(ts, "rva-use2", "boulder-remoteva", 2101, "[AUDIT] Validation result JSON="
                             + json.dumps(event, separators=(",", ":"))))


AS_OF = datetime(2026, 11, 29, tzinfo=timezone.utc)


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def kms(n, out):
    """Keys on a 90-day schedule (pass), rotation disabled (fail), material older than 90 days
    (fail), new keys not yet rotated (pass). No date within a day of the cutoff."""
    rng = random.Random(SEED)
    os.makedirs(out, exist_ok=True)
    describe, status, rotations = [], [], []
    failing = 0
    for i in range(n):
        key_id = f"{rng.getrandbits(128):032x}"
        key_id = f"{key_id[:8]}-{key_id[8:12]}-{key_id[12:16]}-{key_id[16:20]}-{key_id[20:]}"
        region = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1")[i % 4]
        arn = f"arn:aws:kms:{region}:111122223333:key/{key_id}"
        scenario = rng.random()
        if scenario < 0.15:  # new, not yet rotated
            created, enabled, history = AS_OF - timedelta(days=rng.randint(2, 88)), True, []
        else:
            created = AS_OF - timedelta(days=rng.randint(200, 1500), seconds=rng.randint(0, 86399))
            last = AS_OF - timedelta(days=rng.randint(2, 88))
            enabled = scenario >= 0.25
            if 0.25 <= scenario < 0.33:  # enabled, but the newest material is old
                last = AS_OF - timedelta(days=rng.randint(92, 180))
            history, t = [], last
            while t > created + timedelta(days=90):
                history.append(t)
                t -= timedelta(days=90)
            history.reverse()
        newest = history[-1] if history else created
        fails = not enabled or newest < AS_OF - timedelta(days=90)
        failing += fails
        describe.append({"KeyMetadata": {
            "AWSAccountId": "111122223333", "KeyId": key_id, "Arn": arn, "CreationDate": stamp(created),
            "Enabled": True, "Description": f"bench key {i}", "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled",
            "Origin": "AWS_KMS", "KeyManager": "CUSTOMER", "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "KeySpec": "SYMMETRIC_DEFAULT", "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "MultiRegion": False}})
        answer = {"KeyId": arn, "KeyRotationEnabled": enabled}
        if enabled:
            answer["RotationPeriodInDays"] = 90
            answer["NextRotationDate"] = stamp(newest + timedelta(days=90))
        status.append(answer)
        rotations.append({"Rotations": [{"KeyId": key_id, "RotationDate": stamp(t), "RotationType": "AUTOMATIC"}
                                        for t in history], "Truncated": False})
    for name, value in (("describe-key.json", describe), ("get-key-rotation-status.json", status),
                        ("list-key-rotations.json", rotations)):
        with open(os.path.join(out, name), "w") as f:
            json.dump(value, f, separators=(",", ":"))
    with open(out.rstrip("/") + ".expected.json", "w") as f:
        json.dump({"keys": n, "failing": failing, "as_of": "2026-11-29T00:00:00Z", "max_age_days": 90}, f)


def fwupd(n, out):
    rng = random.Random(SEED)
    os.makedirs(out, exist_ok=True)
    per_host = 10
    for host in range((n + per_host - 1) // per_host):
        devices = []
        for d in range(min(per_host, n - host * per_host)):
            updatable = rng.random() > 0.1
            device = {"Name": f"Device {d}", "DeviceId": f"{rng.getrandbits(160):040x}",
                      "Guid": [f"{rng.getrandbits(128):032x}"], "Plugin": "uefi_capsule",
                      "Flags": ["internal"] + (["updatable"] if updatable else []) + ["registered"],
                      "Vendor": "LENOVO", "Version": f"1.{d}.{host % 97}", "VersionFormat": "triplet"}
            if not updatable:
                device["UpdateError"] = "Not updatable as UEFI ESP partition not detected"
            devices.append(device)
        with open(os.path.join(out, f"host-{host}.devices.json"), "w") as f:
            json.dump({"Devices": devices}, f, indent=2)


PERSPECTIVES = ["us-east-2", "us-west-2", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-northeast-1"]


def mpic(n, out):
    start = 1795884000000000000
    responses = []
    for i in range(n):
        short = i % 8 == 7
        perspectives = []
        for p, code in enumerate(PERSPECTIVES):
            passed = not (short and p < 3)
            perspectives.append({"perspective_code": code, "check_response": {
                "check_completed": True, "check_passed": passed, "errors": None,
                "timestamp_ns": start + i * 1_000_000_000 + p * 21_000_000, "check_type": "dcv",
                "details": {"validation_method": "acme-dns-01", "records_seen": ["\"token\""] if passed else [],
                            "response_code": 0, "ad_flag": False, "found_at": f"_acme-challenge.d{i}.example.net.",
                            "cname_chain": []}}})
        responses.append({"mpic_completed": True,
                          "request_orchestration_parameters": {"perspective_count": 6, "quorum_count": None,
                                                               "max_attempts": None, "cohort_for_single_attempt": None},
                          "actual_orchestration_parameters": {"perspective_count": 6, "quorum_count": 4, "attempt_count": 1},
                          "check_type": "dcv", "domain_or_ip_target": f"d{i}.example.net", "is_valid": not short,
                          "trace_identifier": f"{i:08x}-0000-4000-8000-000000000000", "perspectives": perspectives})
    with open(out, "w") as f:
        json.dump(responses, f, separators=(",", ":"))


def inventory(n, out):
    with open(out, "w") as f:
        for i in range(n):
            f.write(f"- {{id: host-{i}, type: host, owner: team-{i % 40}@example.net, tags: [prod, web]}}\n")


CREDENTIAL_HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
                     "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
                     "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
                     "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
                     "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
                     "cert_2_active,cert_2_last_rotated")


def credentials(n, out):
    rng = random.Random(SEED)
    with open(out, "w") as f:
        f.write(CREDENTIAL_HEADER + "\n")
        for i in range(n):
            created = AS_OF - timedelta(days=rng.randint(30, 2000))
            rotated = AS_OF - timedelta(days=rng.randint(1, 400))
            f.write(f"user{i},arn:aws:iam::111122223333:user/user{i},{created:%Y-%m-%dT%H:%M:%S+00:00},false,N/A,N/A,N/A,"
                    f"false,true,{rotated:%Y-%m-%dT%H:%M:%S+00:00},N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n")


def inspec(n, out):
    template = json.load(open(os.path.join(os.path.dirname(__file__), "../../Tests/CollectorsTests/Fixtures/inspec-json_output.json")))
    profile = template["profiles"][0]
    base = [c for c in profile["controls"] if c.get("results")]
    controls = []
    for i in range(n):
        control = json.loads(json.dumps(base[i % len(base)]))
        control["id"] = f"bench-{i}"
        control["results"] = control["results"][:1]
        controls.append(control)
    profile["controls"] = controls
    with open(out, "w") as f:
        json.dump(template, f)


def fwupd_host(n, out):
    devices = [{"Name": f"Device {i}", "DeviceId": f"{i:040x}", "Plugin": "uefi_capsule",
                "Flags": ["internal"] + (["updatable"] if i % 10 else []), "Version": f"1.{i % 97}.0",
                "VersionFormat": "triplet"} for i in range(n)]
    with open(out, "w") as f:
        json.dump({"Devices": devices}, f)


if __name__ == "__main__":
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"boulder": boulder, "kms": kms, "fwupd": fwupd, "mpic": mpic, "inventory": inventory, "credentials": credentials,
     "inspec": inspec, "fwupd-host": fwupd_host}[kind](n, out)
