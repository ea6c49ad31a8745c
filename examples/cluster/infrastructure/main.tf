# Cluster-wide Terraform of the example. A real Grove cluster calls Grove's modules here
# (Kubernetes cluster, databases, buckets and DNS for each instance).
terraform {
  required_version = ">= 1.5"
  backend "http" {}
}

variable "cluster_domain" {
  type    = string
  default = "grove.example.com"
}

locals {
  # One entry per instance folder that has a config.yml.
  instances = toset([
    for f in fileset("${path.module}/../instances", "*/config.yml") : dirname(f)
  ])
}

output "instances" {
  value = local.instances
}
