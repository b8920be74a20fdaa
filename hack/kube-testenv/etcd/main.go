// Command etcd is the upstream etcd server, built from Go modules for fabric8
// kube-api-test. It mirrors go.etcd.io/etcd/v3's main.go; see
// hack/kube-testenv.sh.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
