// Before any integration test process starts: the certificate the balancer tests serve, made
// and trusted (Node reads NODE_EXTRA_CA_CERTS only when a process starts).
import { trustTestCertificate } from "../../testkit/tls";

export default function setup(): void {
  trustTestCertificate();
}
